#!/usr/bin/env bash
# Builds the Windows installer dist/windows/zoomconn-<version>-x64.msi from
# dist/windows/zoomconn.exe and zoomconn.com (run scripts/windows-build.sh
# first) with Debian's wixl and msibuild (msitools; installed when missing),
# from packaging/windows/zoomconn.wxs: per machine into Program Files\Zoom
# Connections, that folder on the system PATH, a Start-menu shortcut to the
# window, an Apps & features entry, a fixed UpgradeCode (a newer MSI upgrades
# an older one), silent with msiexec /qn. wixl 0.101 has no <Environment>
# element: the PATH row (packaging/windows/Environment.idt) and the
# WriteEnvironmentStrings / RemoveEnvironmentStrings actions are added to the
# built MSI with msibuild. Signed as the programs are (scripts/windows-sign.sh:
# ZOOMCONN_SIGN_CERT/KEY, or a throwaway certificate with --ci-sign or CI=true).
# The tables are checked; the last line printed is "ProductCode {…}".
# Usage: scripts/windows-msi.sh [--ci-sign] [--no-sign]   VERSION overrides FyneApp.toml's
set -euo pipefail
cd "$(dirname "$0")/.."

dist=dist/windows
for arg in "$@"; do
  case $arg in
    --ci-sign | --no-sign) ;;
    *) sed -n '2,14s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
  esac
done
for f in "$dist/zoomconn.exe" "$dist/zoomconn.com"; do
  [ -e "$f" ] || { echo "windows-msi: $f is missing: run scripts/windows-build.sh first" >&2; exit 1; }
done
scripts/deps.sh windows-msi

version=${VERSION:-$(awk '/^[[:space:]]*\[/ { d = ($0 ~ /\[Details\]/) } d && /^[[:space:]]*Version[[:space:]]*=/ { split($0, q, "\""); print q[2]; exit }' FyneApp.toml)}
website=$(awk -F'"' '/^[[:space:]]*Website[[:space:]]*=/ { print $2; exit }' FyneApp.toml)
# Windows Installer compares the first three numbers: 1.2.3-rc1 is 1.2.3.
IFS=. read -r v1 v2 v3 _ <<<"${version%%[-+]*}"
version3=$(printf '%s.%s.%s' "${v1:-0}" "${v2:-0}" "${v3:-0}" | tr -cd '0-9.')
out="$dist/zoomconn-$version-x64.msi"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "==> wixl: $out (version $version3)"
# wixl takes the files' paths relative to where it runs: a staging folder.
mkdir -p "$tmp/stage"
cp "$dist/zoomconn.exe" "$dist/zoomconn.com" "$tmp/stage/"
convert assets/icon.png -define icon:auto-resize=256,64,48,32,16 "$tmp/stage/zoomconn.ico"
wxs=$(pwd)/packaging/windows/zoomconn.wxs
(cd "$tmp/stage" && wixl --arch x64 -D Version="$version3" -D Bin=. -D Icon=zoomconn.ico -D Website="$website" \
  -o ../zoomconn.msi "$wxs")

echo "==> msibuild: the PATH row and its actions"
msibuild "$tmp/zoomconn.msi" -i packaging/windows/Environment.idt
table() { msiinfo export "$tmp/zoomconn.msi" "$1" | tail -n +4; }
for action in RemoveEnvironmentStrings:3300 WriteEnvironmentStrings:5200; do
  if ! table InstallExecuteSequence | cut -f1 | grep -qx "${action%:*}"; then
    msibuild "$tmp/zoomconn.msi" -q "INSERT INTO InstallExecuteSequence (Action, Sequence) VALUES ('${action%:*}', ${action#*:})"
  fi
done

# What the installer must hold, read back from its tables.
fail() { echo "windows-msi: $*" >&2; exit 1; }
table File | cut -f3 | grep -q '^zoomconn.exe$' || fail "no zoomconn.exe in the File table"
table File | cut -f3 | grep -q '^zoomconn.com$' || fail "no zoomconn.com in the File table"
table Directory | grep -q 'Zoom Connections' || fail "no Zoom Connections folder"
table Shortcut | grep -q 'Zoom Connections' || fail "no Start-menu shortcut"
table Environment | grep -qP '^PATH\t=-\*PATH\t\[~\];\[INSTALLDIR\]\tConsole' || fail "no PATH row in the Environment table"
for a in WriteEnvironmentStrings RemoveEnvironmentStrings CreateShortcuts RemoveShortcuts FindRelatedProducts RemoveExistingProducts; do
  table InstallExecuteSequence | cut -f1 | grep -qx "$a" || fail "InstallExecuteSequence lacks $a"
done
property() { table Property | awk -F'\t' -v k="$1" '$1 == k { print $2 }' | tr -d '\r'; }
[ "$(property UpgradeCode)" = "{3F1C7E52-5B0D-4C7A-9C55-2E4B8D6A1F08}" ] || fail "UpgradeCode is $(property UpgradeCode)"
[ "$(property ALLUSERS)" = 1 ] || fail "not a per-machine installer (ALLUSERS=$(property ALLUSERS))"
product=$(property ProductCode)
[ -n "$product" ] || fail "no ProductCode"
upgrade=$(property UpgradeCode)

echo "==> signing $out"
scripts/windows-sign.sh "$@" "$tmp/zoomconn.msi" | tail -1 | sed 's/^/    /'
mv "$tmp/zoomconn.msi" "$out"
echo "==> $out: $(stat -c %s "$out") bytes, UpgradeCode $upgrade"
echo "ProductCode $product"
