# Windows twin of preprovision.sh: registers the Event Grid resource provider before the template declares the
# intake system topic.
$ErrorActionPreference = 'Stop'

$state = az provider show --namespace Microsoft.EventGrid --query registrationState --output tsv
if ($LASTEXITCODE -ne 0) { throw 'Could not read the Microsoft.EventGrid provider state; sign in with az login first.' }
if ($state -ne 'Registered') {
    Write-Host "Registering the Microsoft.EventGrid resource provider (state: $state); this can take a minute..."
    az provider register --namespace Microsoft.EventGrid --wait --output none
    if ($LASTEXITCODE -ne 0) { throw 'Could not register the Microsoft.EventGrid resource provider.' }
}
