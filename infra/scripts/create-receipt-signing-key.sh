#!/bin/sh
# Creates the receipt signing key (ECDSA P-256, PKCS#8 PEM) in Key Vault if the secret does not exist yet.
# Never replaces an existing key: receipts already given out must stay verifiable with the published public key
# (to rotate, see docs/deploy.md). The key is made on this machine in a file only this user can read, sent with
# --file (not on the command line) and deleted. Needs openssl. rbac.bicep grants the deploying person Key Vault
# Secrets Officer; a fresh role assignment can take a few minutes to apply, hence the retries.
set -eu

vault="${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set; run this through azd (azd hooks run postprovision)}"
secret="${RECEIPT_SIGNING_KEY_SECRET_NAME:-receipt-signing-key}"
wait_seconds="${HOOK_RETRY_SECONDS:-30}"

attempt=1
until existing=$(az keyvault secret list --vault-name "$vault" --query "[?name=='$secret'].id" --output tsv); do
  if [ "$attempt" -ge 10 ]; then
    echo "Could not read the secrets of $vault. Check that you hold Key Vault Secrets Officer on it, then run: azd hooks run postprovision" >&2
    exit 1
  fi
  echo "Waiting for the Key Vault role assignment to apply (attempt $attempt of 10)..."
  attempt=$((attempt + 1))
  sleep "$wait_seconds"
done

if [ -n "$existing" ]; then
  echo "Receipt signing key: $vault/$secret exists; kept."
  exit 0
fi

command -v openssl >/dev/null 2>&1 || { echo "openssl is needed to make the receipt signing key (or create it by hand: docs/deploy.md)." >&2; exit 1; }
umask 077
directory=$(mktemp -d)
trap 'rm -rf "$directory"' EXIT
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$directory/key.pem"
az keyvault secret set --vault-name "$vault" --name "$secret" --file "$directory/key.pem" \
  --content-type application/x-pem-file --output none
echo "Receipt signing key: created $vault/$secret. Its public key is served at /api/receipts/public-key."
