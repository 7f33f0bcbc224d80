#!/bin/sh
# azd preprovision hook: what must hold before infra/main.bicep is deployed.
#   1. The Event Grid resource provider is registered (intake events come through an Event Grid system topic).
#   2. KEY_VAULT_INSTANCE is set: part of the Key Vault name. A deleted vault keeps its name for 90 days (purge
#      protection), so the postdown hook clears the instance and the next `azd up` picks a new one here.
set -eu

state=$(az provider show --namespace Microsoft.EventGrid --query registrationState --output tsv)
if [ "$state" != "Registered" ]; then
  echo "Registering the Microsoft.EventGrid resource provider (state: ${state:-unknown}); this can take a minute..."
  az provider register --namespace Microsoft.EventGrid --wait --output none
fi

if [ -z "${KEY_VAULT_INSTANCE:-}" ]; then
  instance=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
  azd env set KEY_VAULT_INSTANCE "$instance"
  echo "Key Vault instance for this deployment: $instance"
fi
