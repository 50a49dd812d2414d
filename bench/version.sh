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

read -r zc_ms hello_ms < <(python3 - "$runs" "$tmp/zoomconn --version" "$tmp/hello" <<'PY'
import shlex, statistics, subprocess, sys, time
runs, cmds = int(sys.argv[1]), [shlex.split(c) for c in sys.argv[2:]]
def once(cmd):
    s = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - s) * 1000
for _ in range(3):
    for c in cmds:
        once(c)
times = [[], []]
for _ in range(runs):
    for i, c in enumerate(cmds):
        times[i].append(once(c))
print(" ".join("%.1f" % statistics.median(t) for t in times))
PY
)
ratio=$(python3 -c "print(f'{$zc_ms/$hello_ms:.2f}')")
echo "zoomconn --version (median of $runs):   ${zc_ms} ms"
echo "hello-world Go (median, floor):      ${hello_ms} ms"
echo "ratio:                               ${ratio}x (target ≤ 2x)"
