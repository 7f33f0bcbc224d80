# Windows twin of postdown.sh: a new KEY_VAULT_INSTANCE so the next azd up creates the vault under a new name.
$ErrorActionPreference = 'Stop'
$instance = -join ((1..3) | ForEach-Object { '{0:x2}' -f (Get-Random -Maximum 256) })
azd env set KEY_VAULT_INSTANCE $instance
if ($LASTEXITCODE -ne 0) { throw 'Could not set KEY_VAULT_INSTANCE in the azd environment.' }
Write-Host "The deleted Key Vault stays recoverable for 90 days; the next azd up creates kv-...-$instance with a new signing key."
Write-Host 'Keep the old public key (/api/receipts/public-key) if receipts signed with it may still need verifying.'
