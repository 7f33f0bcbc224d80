#!/bin/sh
# Feeds the IntakePackage blob trigger: Flex Consumption does not poll containers, so new blobs in `incoming`
# reach the function through an Event Grid subscription to the Functions host's blob-extension webhook.
# Runs as the azd postdeploy hook, after the code is deployed (the webhook's system key exists only then).
set -eu

app="${AZURE_FUNCTION_APP_NAME:?run through azd (azd hooks run postdeploy)}"
group="${AZURE_RESOURCE_GROUP:?run through azd}"
account="${AZURE_STORAGE_ACCOUNT_NAME:?run through azd}"
topic="evgt-intake-${account}"

storage_id=$(az storage account show --name "$account" --resource-group "$group" --query id --output tsv)
az eventgrid system-topic show --name "$topic" --resource-group "$group" --output none 2>/dev/null ||
  az eventgrid system-topic create --name "$topic" --resource-group "$group" --location "$(az group show --name "$group" --query location --output tsv)" \
    --topic-type Microsoft.Storage.StorageAccounts --source "$storage_id" --output none

attempt=1
until key=$(az functionapp keys list --name "$app" --resource-group "$group" --query "systemKeys.blobs_extension" --output tsv) && [ -n "$key" ]; do
  if [ "$attempt" -ge 10 ]; then
    echo "The blobs_extension key of $app did not appear; is the code deployed? Run: azd deploy api && azd hooks run postdeploy" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 20
done

az eventgrid system-topic event-subscription create --name intake-package --system-topic-name "$topic" --resource-group "$group" \
  --endpoint-type webhook \
  --endpoint "https://${app}.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.IntakePackage&code=${key}" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with /blobServices/default/containers/incoming/ \
  --subject-ends-with /manifest.json \
  --output none
echo "Intake packages dropped into $account/incoming now reach IntakePackage."
