#!/usr/bin/env bash
# Starts the built binary under Xvfb and succeeds once a window titled
# "Zoom Connections" maps (within 20 s). Usage: window-smoke.sh BINARY DATADIR [SHOT.png]
set -euo pipefail
bin=$1 home=$2 shot=${3:-}
mkdir -p "$home"
export ZOOMCONN_HOME="$home" LANG=en_US.UTF-8
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -euo pipefail
  "$0" & pid=$!
  trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null || true" EXIT
  if ! timeout 20 xdotool search --sync --onlyvisible --name "^Zoom Connections$" >/dev/null; then
    echo "FAIL: no window titled Zoom Connections mapped within 20 s" >&2
    exit 1
  fi
  echo "PASS: the window mapped"
  if [ -n "$1" ]; then sleep 1.5; import -window root "$1"; echo "screenshot: $1"; fi
' "$bin" "$shot"
