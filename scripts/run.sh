#!/usr/bin/env bash
# The README's run command: installs what is missing, builds and opens the window.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
scripts/deps.sh run
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
go build -trimpath -ldflags "-s -w -X main.version=$version" -o zoomconn .
exec ./zoomconn "$@"
