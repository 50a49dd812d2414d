#!/usr/bin/env bash
# Start-up benchmark (make bench): zoomconn's window against a hello-world
# Fyne window (bench/hello), both built alike (go build -trimpath -ldflags
# "-s -w"), run alternately under one Xvfb inside one private D-Bus session
# with an unlocked gnome-keyring, as on a desktop. zoomconn opens a data
# folder holding 1,000 JWT connections that its own command line imported.
# For each run: the time from the start of the process to its window being
# mapped, and its resident memory 1.5 s after that. Prints the medians and
# the two ratios. Target: both ratios within 1.25.
# Usage: bench/startup.sh [RUNS]   (default 15 runs of each)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
runs=${1:-15}
scripts/deps.sh test

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags=(-trimpath -ldflags "-s -w")
echo "==> build (go build ${flags[*]})"
go build "${flags[@]}" -o "$tmp/zoomconn" .
go build "${flags[@]}" -o "$tmp/hello" ./bench/hello
echo "    zoomconn $(du -h "$tmp/zoomconn" | cut -f1), hello $(du -h "$tmp/hello" | cut -f1)"

export LANG=en_US.UTF-8 FYNE_SCALE=1 XDG_DATA_HOME="$tmp/keyring" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
echo "==> $runs runs of each, alternating, under one Xvfb, in one keyring session"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  bash bench/measure.sh "$runs" "$tmp/data" "$tmp/zoomconn" "$tmp/hello" \
  2> >(grep -v -e "Failed to set fd limit" >&2)
