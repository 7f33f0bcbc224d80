# Windows twin of enable-static-website.sh: switches on the storage static website ($web) with the
# signed-in person's Entra token; the account has shared keys disabled.
$ErrorActionPreference = 'Stop'

$account = $env:AZURE_STORAGE_ACCOUNT_NAME
if (-not $account) { throw 'AZURE_STORAGE_ACCOUNT_NAME is not set; run this through azd (azd hooks run postprovision)' }

for ($attempt = 1; $attempt -le 10; $attempt++) {
    az storage blob service-properties update --account-name $account --auth-mode login `
        --static-website true --index-document index.html --404-document 404.html --output none
    if ($LASTEXITCODE -eq 0) {
        $web = az storage account show --name $account --query primaryEndpoints.web --output tsv
        Write-Host "Public site: $web"
        exit 0
    }
    Write-Host "Waiting for the role assignment to apply (attempt $attempt of 10)..."
    Start-Sleep -Seconds $(if ($env:HOOK_RETRY_SECONDS) { [int]$env:HOOK_RETRY_SECONDS } else { 30 })
}
throw "Could not enable the static website on $account. Check that you hold a Storage Blob Data role on it, then run: azd hooks run postprovision"
