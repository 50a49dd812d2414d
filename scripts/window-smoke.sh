#!/usr/bin/env bash
# Starts the built binary under Xvfb and succeeds once a window titled
# "Zoom Connections" maps (within 20 s). It runs in a private D-Bus session
# with its own gnome-keyring, so no daemon outlives it.
# Usage: window-smoke.sh BINARY DATADIR [SHOT.png]
set -euo pipefail
bin=$1 home=$2 shot=${3:-}
mkdir -p "$home/xdg-data"
export ZOOMCONN_HOME="$home" LANG=en_US.UTF-8 XDG_DATA_HOME="$home/xdg-data"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  set -euo pipefail
  echo -n smoke | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$0" & pid=$!
  trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null || true" EXIT
  if ! wid=$(timeout 20 xdotool search --sync --onlyvisible --name "^Zoom Connections$" | head -1); then
    echo "FAIL: no window titled Zoom Connections mapped within 20 s" >&2
    exit 1
  fi
  echo "PASS: the window mapped"
  if [ -n "$1" ]; then sleep 1.5; import -window "$wid" "$1"; echo "screenshot: $1"; fi
' "$bin" "$shot" 2> >(grep -v "Failed to set fd limit" >&2)
