#!/bin/sh
# azd postdeploy hook: feeds the IntakePackage blob trigger. Flex Consumption does not poll containers, so new
# blobs in `incoming` reach the function through the Event Grid system topic (declared in infra/main.bicep) and a
# webhook subscription to the Functions host's blob extension. The webhook's system key exists only once the code
# is deployed and the app has started, so this runs after deploy; it waits a bounded time for the key.
# Everything comes from the template's outputs (no DNS suffix is assumed).
set -eu

app="${AZURE_FUNCTION_APP_NAME:?run through azd (azd hooks run postdeploy)}"
app_url="${AZURE_FUNCTION_APP_URL:?run through azd}"
group="${AZURE_RESOURCE_GROUP:?run through azd}"
topic="${AZURE_INTAKE_SYSTEM_TOPIC_NAME:?run through azd; is infra/main.bicep provisioned (azd provision)?}"
account="${AZURE_STORAGE_ACCOUNT_NAME:?run through azd}"
wait_seconds="${HOOK_RETRY_SECONDS:-20}"

attempt=1
until key=$(az functionapp keys list --name "$app" --resource-group "$group" --query "systemKeys.blobs_extension" --output tsv) && [ -n "$key" ]; do
  if [ "$attempt" -ge 10 ]; then
    echo "The blobs_extension key of $app did not appear. Is the app running? Look at its log stream, then run: azd hooks run postdeploy" >&2
    exit 1
  fi
  echo "Waiting for $app to start and create its blob webhook key (attempt $attempt of 10)..."
  attempt=$((attempt + 1))
  sleep "$wait_seconds"
done

az eventgrid system-topic event-subscription create --name intake-package --system-topic-name "$topic" --resource-group "$group" \
  --endpoint-type webhook \
  --endpoint "${app_url%/}/runtime/webhooks/blobs?functionName=Host.Functions.IntakePackage&code=${key}" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with /blobServices/default/containers/incoming/ \
  --subject-ends-with /manifest.json \
  --output none
echo "Intake packages dropped into $account/incoming now reach IntakePackage."
