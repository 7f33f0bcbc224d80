#!/usr/bin/env bash
# Runs every test of ResponsePortal. Needs the .NET 10 SDK and Node.js 20; installs the rest from the
# project's own files (npm packages, dotnet tools) and Debian's chromium for the browser tests when run as root.
set -uo pipefail
cd "$(dirname "$0")"

echo "==> npm packages (Azurite, axe-core)"
if [ ! -d node_modules/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || exit 1
fi

if [ -f .config/dotnet-tools.json ]; then
  echo "==> dotnet tools (smtp4dev)"
  dotnet tool restore || exit 1
fi

if [ -d tests/ResponsePortal.Browser.Tests ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> Debian chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || exit 1
  else
    echo "The browser tests need Debian's chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
  fi
fi

echo "==> dotnet test"
rm -rf TestResults
dotnet test ResponsePortal.sln --results-directory TestResults --logger "trx" --logger "console;verbosity=minimal" "$@"
status=$?
node scripts/summarize-trx.mjs TestResults || status=1
exit $status
