# Windows twin of postdown.sh: clears KEY_VAULT_INSTANCE so the next azd up chooses a new Key Vault name.
$ErrorActionPreference = 'Stop'
azd env set KEY_VAULT_INSTANCE ''
if ($LASTEXITCODE -ne 0) { throw 'Could not clear KEY_VAULT_INSTANCE in the azd environment.' }
Write-Host 'The deleted Key Vault stays recoverable for 90 days; the next azd up creates a new one with a new signing key.'
Write-Host 'Keep the old public key (/api/receipts/public-key) if receipts signed with it may still need verifying.'
