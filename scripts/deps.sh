#!/usr/bin/env bash
# Installs the Debian packages zoomconn needs to build, test or run, when any
# is missing. Usage: scripts/deps.sh build|test|run|windows-build|windows-msi|windows-smoke
set -euo pipefail

build=(gcc pkg-config libgl-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
keyring=(dbus dbus-x11 gnome-keyring libsecret-tools)
window=(xvfb xauth xdotool imagemagick)
snippets=(curl python3) # the tests run the scripts Edit connection shows
windows=(gcc-mingw-w64-x86-64 osslsigncode openssl)
msi=(wixl msitools imagemagick osslsigncode openssl) # wixl builds the MSI; msibuild (msitools) adds its PATH row
wine=(wine64 wine)

case "${1:-test}" in
  build) want=("${build[@]}") ;;
  run)   want=("${build[@]}" "${keyring[@]}") ;;
  test)  want=("${build[@]}" "${keyring[@]}" "${window[@]}" "${snippets[@]}") ;;
  windows-build) want=("${windows[@]}") ;;
  windows-msi) want=("${msi[@]}") ;;
  windows-smoke) want=("${windows[@]}" "${msi[@]}" "${wine[@]}" "${window[@]}" curl) ;;
  *) echo "usage: $0 build|test|run|windows-build|windows-msi|windows-smoke" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
  if [ -x /usr/local/go/bin/go ]; then
    echo "Go is at /usr/local/go/bin: add it to PATH." >&2
  else
    echo "Go 1.26 or newer is needed: https://go.dev/dl/" >&2
  fi
  exit 1
fi
