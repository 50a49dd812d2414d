#!/usr/bin/env bash
# Benchmark of `zoomconn --version`, the console build (-tags console,
# CGO_ENABLED=0), as a whole process, beside a hello-world Go program
# (bench/hellogo) built the same way: what any command pays before it
# starts. The two run alternately (A, B, A, B…) so both see the same load
# on a shared machine. Prints both medians and the ratio (target: within
# 2x of hello-world).
#
#   bench/version.sh [RUNS]        (default 40)
#   ZOOMCONN_BIN=path bench/version.sh   benchmarks that binary instead
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
runs=${1:-40}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags=(-trimpath -ldflags "-s -w")
if [ -n "${ZOOMCONN_BIN:-}" ]; then
  cp "$ZOOMCONN_BIN" "$tmp/zoomconn"
else
  CGO_ENABLED=0 go build -tags console "${flags[@]}" -o "$tmp/zoomconn" .
fi
CGO_ENABLED=0 go build "${flags[@]}" -o "$tmp/hello" ./bench/hellogo

read -r zc_ms hello_ms < <(python3 bench/alternate.py "$runs" "$tmp/zoomconn --version" "$tmp/hello")
ratio=$(python3 -c "print(f'{$zc_ms/$hello_ms:.2f}')")
echo "zoomconn --version (median of $runs):   ${zc_ms} ms"
echo "hello-world Go (median, floor):      ${hello_ms} ms"
echo "ratio:                               ${ratio}x (target ≤ 2x)"
