#!/bin/sh
# azd preprovision hook: the Event Grid resource provider must be registered before infra/main.bicep declares the
# intake system topic (new subscriptions often lack it).
set -eu

state=$(az provider show --namespace Microsoft.EventGrid --query registrationState --output tsv)
if [ "$state" != "Registered" ]; then
  echo "Registering the Microsoft.EventGrid resource provider (state: ${state:-unknown}); this can take a minute..."
  az provider register --namespace Microsoft.EventGrid --wait --output none
fi
