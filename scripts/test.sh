#!/usr/bin/env bash
# The README's test command: installs what is missing, then checks formatting,
# vets (the console build too), runs the window's, the command line's and
# the model's tests without any D-Bus and pure Go, runs every test with the race
# detector against a real Secret Service (gnome-keyring in a private D-Bus
# session), builds the binary and proves that its window maps under Xvfb,
# then builds the Windows exe and its console twin, signs them and
# smoke-tests them under Wine. Leaves no daemon running.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
export LANG=en_US.UTF-8

scripts/deps.sh test

step() { printf '\n==> %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "These files need gofmt -w:" >&2
  echo "$unformatted" >&2
  exit 1
fi

step "go vet, staticcheck"
go vet ./...
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
console=(. ./cli/ ./model/ ./oauth/ ./internal/...) # what the console build is made of
CGO_ENABLED=0 go vet -tags console "${console[@]}"
CGO_ENABLED=0 go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags console "${console[@]}"

step "the window's, the command line's and the model's tests with no D-Bus, pure Go (CGO_ENABLED=0)"
env -u DBUS_SESSION_BUS_ADDRESS CGO_ENABLED=0 go test -count=1 ./ui/ ./cli/ ./model/ \
  ./internal/keyring/ ./internal/keyringtest/ ./internal/secretstest/

tmp=$(mktemp -d)
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT

step "go test -race (real Secret Service in a private D-Bus session)"
export XDG_DATA_HOME="$tmp/data"
mkdir -p "$XDG_DATA_HOME"
dbus-run-session -- bash -c '
  set -euo pipefail
  echo -n zoomconn-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  ZOOMCONN_TEST_KEYRING=required go test -race -count=1 -timeout 30m ./... # no skipping: the keyring is here
' 2> >(grep -v "Failed to set fd limit" >&2)

step "build and open the window under Xvfb"
go build -o "$tmp/zoomconn" .
scripts/window-smoke.sh "$tmp/zoomconn" "$tmp/home"

step "Windows: cross-compile, sign, and smoke-test under Wine"
scripts/windows-smoke.sh
