# Windows twin of preprovision.sh: registers the Event Grid resource provider and sets KEY_VAULT_INSTANCE once
# per deployment (a deleted vault keeps its name for 90 days; the postdown hook clears the instance).
$ErrorActionPreference = 'Stop'

$state = az provider show --namespace Microsoft.EventGrid --query registrationState --output tsv
if ($LASTEXITCODE -ne 0) { throw 'Could not read the Microsoft.EventGrid provider state; sign in with az login first.' }
if ($state -ne 'Registered') {
    Write-Host "Registering the Microsoft.EventGrid resource provider (state: $state); this can take a minute..."
    az provider register --namespace Microsoft.EventGrid --wait --output none
    if ($LASTEXITCODE -ne 0) { throw 'Could not register the Microsoft.EventGrid resource provider.' }
}

if (-not $env:KEY_VAULT_INSTANCE) {
    $instance = -join ((1..3) | ForEach-Object { '{0:x2}' -f (Get-Random -Maximum 256) })
    azd env set KEY_VAULT_INSTANCE $instance
    if ($LASTEXITCODE -ne 0) { throw 'Could not set KEY_VAULT_INSTANCE in the azd environment.' }
    Write-Host "Key Vault instance for this deployment: $instance"
}
