#!/usr/bin/env bash
# Cross-compiles for 64-bit Windows, stripped, each with the icon, version
# information and manifest (build/windows/winres.json) embedded through a
# .syso that exists in the root package only while `go build` runs:
#   dist/windows/zoomconn.exe  the window and the command line: GUI subsystem,
#                              Fyne, cgo with mingw-w64 (installed when missing)
#   dist/windows/zoomconn.com  its console twin (-tags console): console
#                              subsystem, pure Go, no Fyne. cmd.exe prefers .com
#                              to .exe, so `zoomconn status` there runs this one
#                              and waits for it; a double-click still opens the
#                              window from zoomconn.exe.
#
# Signing (scripts/windows-sign.sh, osslsigncode), first match wins:
#   ZOOMCONN_SIGN_CERT + ZOOMCONN_SIGN_KEY   PEM paths of a code-signing certificate
#       (chain allowed) and its key; optional ZOOMCONN_SIGN_PASS_FILE (key
#       passphrase), ZOOMCONN_SIGN_TIMESTAMP_URL, ZOOMCONN_SIGN_CAFILE (roots
#       to verify against; default: the system's).
#   --ci-sign, or CI=true                     a throwaway self-signed certificate,
#       so the release path is exercised and verified on every CI run.
#   otherwise (or --no-sign)                  unsigned.
#
# Usage: scripts/windows-build.sh [--ci-sign] [--no-sign]
# VERSION overrides FyneApp.toml's Version.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

winres=github.com/tc-hib/go-winres@v0.3.3
dist=dist/windows
syso=zoomconn_winres_windows_amd64.syso # the suffix keeps it out of every other GOOS/GOARCH

usage() { sed -n '2,22s/^# \{0,1\}//p' "$0"; }

sign=none
[ "${CI:-}" = true ] && sign=ci
for arg in "$@"; do
  case $arg in
    --ci-sign) sign=ci ;;
    --no-sign) sign=none ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
if [ -n "${ZOOMCONN_SIGN_CERT:-}${ZOOMCONN_SIGN_KEY:-}" ]; then
  if [ -z "${ZOOMCONN_SIGN_CERT:-}" ] || [ -z "${ZOOMCONN_SIGN_KEY:-}" ]; then
    echo "windows-build: set both ZOOMCONN_SIGN_CERT and ZOOMCONN_SIGN_KEY (PEM paths), or neither" >&2
    exit 2
  fi
  sign=release
fi

# Debian packages, installed when missing.
scripts/deps.sh windows-build

# toml_details KEY: the value of KEY in FyneApp.toml's [Details] table, unquoted.
toml_details() {
  awk -v key="$1" '
    /^[[:space:]]*\[/ { details = ($0 ~ /^[[:space:]]*\[Details\]/) }
    details && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
      sub(/^[^=]*=[[:space:]]*/, ""); gsub(/^"|"[[:space:]]*$/, ""); print; exit
    }' FyneApp.toml
}
version=${VERSION:-$(toml_details Version)}
build=$(toml_details Build)
if [ -z "$version" ]; then
  echo "windows-build: no Version in FyneApp.toml [Details] and VERSION unset" >&2
  exit 1
fi
# Windows wants four numbers: 1.2.3-rc1 with Build 7 becomes 1.2.3.7.
IFS=. read -r v1 v2 v3 _ <<<"${version%%[-+]*}"
version4="${v1:-0}.${v2:-0}.${v3:-0}.${build:-0}"
version4=$(printf '%s' "$version4" | tr -cd '0-9.')

mkdir -p "$dist"
exec 9>"$dist/.build.lock"
flock 9 # two builds at once would share the .syso

tmp=$(mktemp -d)
cleanup() {
  rm -f "$syso"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# resources NAME DESCRIPTION: the .syso of one program.
resources() {
  sed -e "s/@VERSION4@/$version4/g" -e "s/@VERSION@/$version/g" \
    -e "s/\"OriginalFilename\": \"zoomconn.exe\"/\"OriginalFilename\": \"$1\"/" \
    -e "s/\"FileDescription\": \"Zoom Connections\"/\"FileDescription\": \"$2\"/" \
    build/windows/winres.json >"$tmp/winres.json"
  cp assets/icon.png "$tmp/icon.png"
  go run "$winres" make --in "$tmp/winres.json" --arch amd64 --out "$tmp/rsrc"
  cp "$tmp/rsrc_windows_amd64.syso" "$syso"
}

echo "==> resources of zoomconn.exe (icon, version $version4, manifest)"
resources zoomconn.exe "Zoom Connections"
echo "==> go build zoomconn.exe (GOOS=windows GOARCH=amd64, GUI subsystem, mingw-w64)"
start=$(date +%s)
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++ \
  go build -trimpath -ldflags "-s -w -H windowsgui -X main.version=$version" -o "$tmp/zoomconn.exe" .
build_secs=$(($(date +%s) - start))

echo "==> resources of zoomconn.com"
resources zoomconn.com "Zoom Connections (command line)"
echo "==> go build zoomconn.com (-tags console, console subsystem, pure Go)"
start=$(date +%s)
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 \
  go build -tags console -trimpath -ldflags "-s -w -X main.version=$version" -o "$tmp/zoomconn.com" .
com_secs=$(($(date +%s) - start))
rm -f "$syso"

sign_flag=(--no-sign) # release: windows-sign.sh finds ZOOMCONN_SIGN_CERT itself
[ "$sign" = ci ] && sign_flag=(--ci-sign)
[ "$sign" = release ] && sign_flag=()
scripts/windows-sign.sh "${sign_flag[@]}" "$tmp/zoomconn.exe" "$tmp/zoomconn.com" | tee "$tmp/sign.out"
signed_by=$(tail -1 "$tmp/sign.out")

for program in zoomconn.exe zoomconn.com; do
  mv "$tmp/$program" "$dist/$program"
done
report() {
  local size
  size=$(stat -c %s "$dist/$1")
  printf '==> %s: version %s, %s bytes (%s MiB), built in %ss, %s\n' "$dist/$1" "$version" "$size" \
    "$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')" "$2" "$signed_by"
}
report zoomconn.exe "$build_secs"
report zoomconn.com "$com_secs"
