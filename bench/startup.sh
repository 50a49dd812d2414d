#!/usr/bin/env bash
# Start-up benchmark (make bench): the median time from process start to the
# window mapped, and the resident memory 2 s after start, of zoomconn with
# 1,000 connections and of a minimal Fyne hello-world window (bench/hello)
# built the same way; both run alternately under one Xvfb, and the script
# prints the medians and the two ratios. Target: both ratios within 1.25.
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
go build -o "$tmp/demodata" ./bench/demodata
"$tmp/demodata" -connections 1000 "$tmp/data"
echo "    zoomconn $(du -h "$tmp/zoomconn" | cut -f1), hello $(du -h "$tmp/hello" | cut -f1); data: 1,000 connections"

export LANG=en_US.UTF-8 FYNE_SCALE=1 XDG_DATA_HOME="$tmp/keyring" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
echo "==> $runs runs of each, alternating, under one Xvfb"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  bash bench/measure.sh "$runs" "$tmp/data" "$tmp/zoomconn" "$tmp/hello" \
  2> >(grep -v -e "Failed to set fd limit" >&2)
