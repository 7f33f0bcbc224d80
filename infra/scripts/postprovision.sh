#!/bin/sh
# azd postprovision hook, before the code is deployed: switch on the public site, then make sure the receipt
# signing key exists, so the app finds Receipts__SigningKeyPem the first time it starts.
set -eu
here=$(dirname "$0")
"$here/enable-static-website.sh"
"$here/create-receipt-signing-key.sh"
