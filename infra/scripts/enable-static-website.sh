#!/bin/sh
# Switches on the storage static website ($web) that serves the public site.
# Runs as the azd postprovision hook with the signed-in person's Entra token (--auth-mode login):
# the account has shared keys disabled, so no key is ever fetched. rbac.bicep grants that person
# Storage Blob Data Contributor; a fresh role assignment can take a few minutes to apply, hence the retries.
set -eu

account="${AZURE_STORAGE_ACCOUNT_NAME:?AZURE_STORAGE_ACCOUNT_NAME is not set; run this through azd (azd hooks run postprovision)}"

attempt=1
until az storage blob service-properties update \
    --account-name "$account" \
    --auth-mode login \
    --static-website true \
    --index-document index.html \
    --404-document 404.html \
    --output none; do
  if [ "$attempt" -ge 10 ]; then
    echo "Could not enable the static website on $account. Check that you hold a Storage Blob Data role on it, then run: azd hooks run postprovision" >&2
    exit 1
  fi
  echo "Waiting for the role assignment to apply (attempt $attempt of 10)..."
  attempt=$((attempt + 1))
  sleep "${HOOK_RETRY_SECONDS:-30}"
done

echo "Public site: $(az storage account show --name "$account" --query primaryEndpoints.web --output tsv)"
