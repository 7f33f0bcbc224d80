#!/bin/sh
# azd postdown hook: the deleted Key Vault keeps its name for 90 days (purge protection, so `azd down --purge`
# cannot free it). A new KEY_VAULT_INSTANCE, part of the vault name, lets the next `azd up` in this environment
# create a vault under a new name. Set here, after the down, so it is saved before the next provision reads it.
set -eu
instance=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
azd env set KEY_VAULT_INSTANCE "$instance"
echo "The deleted Key Vault stays recoverable for 90 days; the next azd up creates kv-...-$instance with a new signing key."
echo "Keep the old public key (/api/receipts/public-key) if receipts signed with it may still need verifying."
