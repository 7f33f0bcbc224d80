# Windows twin of create-receipt-signing-key.sh: creates the ECDSA P-256 PKCS#8 PEM receipt signing key in Key
# Vault unless the secret exists (an existing key is never replaced). Made with .NET (PowerShell 7), no openssl.
$ErrorActionPreference = 'Stop'

$vault = $env:AZURE_KEY_VAULT_NAME
if (-not $vault) { throw 'AZURE_KEY_VAULT_NAME is not set; run this through azd (azd hooks run postprovision)' }
$secret = if ($env:RECEIPT_SIGNING_KEY_SECRET_NAME) { $env:RECEIPT_SIGNING_KEY_SECRET_NAME } else { 'receipt-signing-key' }
$waitSeconds = if ($env:HOOK_RETRY_SECONDS) { [int]$env:HOOK_RETRY_SECONDS } else { 30 }

for ($attempt = 1; ; $attempt++) {
    $existing = az keyvault secret list --vault-name $vault --query "[?name=='$secret'].id" --output tsv
    if ($LASTEXITCODE -eq 0) { break }
    if ($attempt -ge 10) { throw "Could not read the secrets of $vault. Check that you hold Key Vault Secrets Officer on it, then run: azd hooks run postprovision" }
    Write-Host "Waiting for the Key Vault role assignment to apply (attempt $attempt of 10)..."
    Start-Sleep -Seconds $waitSeconds
}

if ($existing) {
    Write-Host "Receipt signing key: $vault/$secret exists; kept."
    exit 0
}

$file = Join-Path ([System.IO.Path]::GetTempPath()) ([System.IO.Path]::GetRandomFileName())
try {
    $key = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
    [System.IO.File]::WriteAllText($file, $key.ExportPkcs8PrivateKeyPem())
    az keyvault secret set --vault-name $vault --name $secret --file $file --content-type application/x-pem-file --output none
    if ($LASTEXITCODE -ne 0) { throw "Could not store the receipt signing key in $vault." }
    Write-Host "Receipt signing key: created $vault/$secret. Its public key is served at /api/receipts/public-key."
}
finally {
    Remove-Item -Force -ErrorAction SilentlyContinue $file
}
