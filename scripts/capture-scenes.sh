#!/usr/bin/env bash
# Helper of screenshots.sh, run inside Xvfb and a private D-Bus session:
# starts the binary once per scene and captures its window.
# Usage: capture-scenes.sh TMP OUTDIR FILE:SCENE ...
set -euo pipefail
tmp=$1 out=$2
shift 2
echo -n screenshots | gnome-keyring-daemon --unlock --components=secrets >/dev/null

for pair in "$@"; do
  file=${pair%%:*} scene=${pair#*:}
  run="$tmp/run-${file%.png}"
  mkdir -p "$run/config" "$run/cache"
  case $scene in
    *empty*) mkdir -p "$run/data" ;; # the first start: no data yet
    *) cp -r "$tmp/demo" "$run/data" ;;
  esac
  ZOOMCONN_HOME="$run/data" XDG_CONFIG_HOME="$run/config" XDG_CACHE_HOME="$run/cache" \
    ZOOMCONN_SCREENSHOT_SCENE="$scene" ZOOMCONN_SCREENSHOT_READY="$run/ready" \
    "$tmp/zoomconn" >"$run/log" 2>&1 &
  pid=$!
  if ! win=$(timeout 20 xdotool search --sync --onlyvisible --name "^Zoom Connections$" | head -1); then
    echo "FAIL: $file: no window" >&2; cat "$run/log" >&2; kill $pid 2>/dev/null || true; exit 1
  fi
  # The window writes the ready file once the scene is on screen and drawn.
  for _ in $(seq 1 200); do [ -e "$run/ready" ] && break; sleep 0.1; done
  if [ ! -e "$run/ready" ]; then
    echo "FAIL: $file: the scene did not play" >&2; cat "$run/log" >&2; kill $pid 2>/dev/null || true; exit 1
  fi
  import -window "$win" "$out/$file"
  kill $pid; wait $pid 2>/dev/null || true
  echo "    $out/$file ($scene)"
done
