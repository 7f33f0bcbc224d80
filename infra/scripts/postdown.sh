#!/bin/sh
# azd postdown hook: the deleted Key Vault keeps its name for 90 days (purge protection, so `azd down --purge`
# cannot free it). Clearing the instance makes the next `azd up` in this environment choose a new vault name.
set -eu
azd env set KEY_VAULT_INSTANCE ""
echo "The deleted Key Vault stays recoverable for 90 days; the next azd up creates a new one with a new signing key."
echo "Keep the old public key (/api/receipts/public-key) if receipts signed with it may still need verifying."
