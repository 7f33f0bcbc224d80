# Windows twin of subscribe-intake.sh: subscribes the IntakePackage blob trigger's webhook to the intake Event
# Grid system topic once the deployed app has made its blobs_extension key. Endpoints come from the outputs.
$ErrorActionPreference = 'Stop'

foreach ($name in 'AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_APP_URL', 'AZURE_RESOURCE_GROUP', 'AZURE_INTAKE_SYSTEM_TOPIC_NAME', 'AZURE_STORAGE_ACCOUNT_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set; run this through azd (azd hooks run postdeploy)" }
}
$app = $env:AZURE_FUNCTION_APP_NAME
$appUrl = $env:AZURE_FUNCTION_APP_URL.TrimEnd('/')
$group = $env:AZURE_RESOURCE_GROUP
$topic = $env:AZURE_INTAKE_SYSTEM_TOPIC_NAME
$waitSeconds = if ($env:HOOK_RETRY_SECONDS) { [int]$env:HOOK_RETRY_SECONDS } else { 20 }

for ($attempt = 1; ; $attempt++) {
    $key = az functionapp keys list --name $app --resource-group $group --query "systemKeys.blobs_extension" --output tsv
    if ($LASTEXITCODE -eq 0 -and $key) { break }
    if ($attempt -ge 10) { throw "The blobs_extension key of $app did not appear. Is the app running? Look at its log stream, then run: azd hooks run postdeploy" }
    Write-Host "Waiting for $app to start and create its blob webhook key (attempt $attempt of 10)..."
    Start-Sleep -Seconds $waitSeconds
}

az eventgrid system-topic event-subscription create --name intake-package --system-topic-name $topic --resource-group $group `
    --endpoint-type webhook `
    --endpoint "$appUrl/runtime/webhooks/blobs?functionName=Host.Functions.IntakePackage&code=$key" `
    --included-event-types Microsoft.Storage.BlobCreated `
    --subject-begins-with /blobServices/default/containers/incoming/ `
    --subject-ends-with /manifest.json `
    --output none
if ($LASTEXITCODE -ne 0) { throw 'Could not create the intake Event Grid subscription.' }
Write-Host "Intake packages dropped into $($env:AZURE_STORAGE_ACCOUNT_NAME)/incoming now reach IntakePackage."
