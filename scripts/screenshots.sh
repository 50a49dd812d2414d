#!/usr/bin/env bash
# The README's screenshots (make screenshots): builds zoomconn, writes a demo
# data folder (metadata only, no secret), starts the real binary under Xvfb
# once per scene (a scene named empty on an empty data folder) and captures
# its window into docs/screenshots/.
# It builds with -tags screenshots: the scenes (ui/scenes.go) are not in the
# product binary. A scene is opened by the window itself (ZOOMCONN_SCREENSHOT_SCENE, see
# ui/scenes.go). Each run gets a fresh data folder, fresh Fyne preferences and
# a throwaway Secret Service in a private D-Bus session; nothing is left running.
# The desktop's own light/dark preference is not read under Xvfb, so every
# scene names its theme. Usage: scripts/screenshots.sh [FILE.png ...] (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
scripts/deps.sh test

out=docs/screenshots
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "==> build"
go build -tags screenshots -o "$tmp/zoomconn" .  # the scenes are only in this build
go build -o "$tmp/demodata" ./bench/demodata
"$tmp/demodata" "$tmp/demo"

# file name : scene(s)
scenes=(
  "connections.png:light,connections"
  "empty.png:light,empty"
  "edit-connection.png:light,edit"
  "create-iclient.png:light,iclient"
  "authorize.png:light,authorize"
  "authorize-error-page.png:light,authorize,error-page"
  "error-details.png:light,error"
  "iclients.png:light,iclients"
  "activity.png:light,activity"
  "guide.png:light,guide"
  "settings.png:light,settings"
  "migrate.png:light,migrate"
  "migrate-iclient.png:light,migrate-iclient"
  "migrate-run.png:light,migrate-run"
  "migrate-done.png:light,migrate-done"
  "dark.png:dark,connections"
  "dark-edit.png:dark,edit"
  "dark-guide.png:dark,guide"
  "dark-migrate-iclient.png:dark,migrate-iclient"
  "dark-migrate-run.png:dark,migrate-run"
  "dark-edit-scopes.png:dark,edit,scopes"
  "dark-authorize-error-page.png:dark,authorize,error-page"
  "authorize-paste.png:light,authorize,paste"
  "dark-authorize-paste.png:dark,authorize,paste"
  "edit-scripts.png:light,edit-online,scripts"
  "dark-edit-scripts.png:dark,edit-online,scripts"
)
if [ $# -gt 0 ]; then
  want=" $* "
  keep=()
  for s in "${scenes[@]}"; do [[ $want == *" ${s%%:*} "* ]] && keep+=("$s"); done
  scenes=("${keep[@]}")
fi

export LANG=en_US.UTF-8 FYNE_SCALE=1 BROWSER=true
export XDG_DATA_HOME="$tmp/keyring"
mkdir -p "$XDG_DATA_HOME"
echo "==> capture ${#scenes[@]} scenes"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  bash scripts/capture-scenes.sh "$tmp" "$out" "${scenes[@]}" \
  2> >(grep -v -e "Failed to set fd limit" -e "^$" >&2)
