# Windows twin of postprovision.sh: the public site, then the receipt signing key, before the code is deployed.
$ErrorActionPreference = 'Stop'
& "$PSScriptRoot/enable-static-website.ps1"
& "$PSScriptRoot/create-receipt-signing-key.ps1"
