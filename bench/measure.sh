#!/usr/bin/env bash
# Helper of startup.sh, run inside Xvfb and a private D-Bus session.
# Usage: measure.sh RUNS DATADIR ZOOMCONN HELLO
set -euo pipefail
runs=$1 data=$2 zc=$3 hello=$4
out=$(dirname "$data")
echo -n bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null

# 1,000 JWT connections, imported by zoomconn's command line.
{
  echo "name,environment,auth_type,api_key"
  for i in $(seq -w 1 1000); do echo "Legacy JWT connection $i,zoom,jwt,ApiKey$i"; done
} >"$out/legacy.csv"
imported=$(ZOOMCONN_HOME="$data" "$zc" import "$out/legacy.csv")
echo "    ${imported%%$'\n'*}"

# xev reports every top-level window the X server maps; bash timestamps the
# report with $EPOCHREALTIME (no process started per sample, so measuring
# does not slow what is measured).
coproc XEV { exec stdbuf -oL xev -root -event substructure; }
sleep 0.5

now_us() { local t=$EPOCHREALTIME; echo $(( ${t/./} )); }

# run BIN: prints "MS KB" (time to the window mapped, VmRSS 1.5 s after that).
run() {
  local line t0 t1 pid rss
  while read -t 0.05 -r -u "${XEV[0]}" line; do :; done # drop old events
  t0=$(now_us)
  ZOOMCONN_HOME="$data" "$1" >/dev/null 2>&1 &
  pid=$!
  t1=""
  while read -t 30 -r -u "${XEV[0]}" line; do
    if [[ $line == MapNotify* ]]; then t1=$(now_us); break; fi
  done
  [ -n "$t1" ] || { echo "no window from $1" >&2; kill $pid; exit 1; }
  sleep "$(awk -v m="$t1" -v n="$(now_us)" 'BEGIN { d = 1.5 - (n - m) / 1e6; print (d > 0 ? d : 0) }')"
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
  kill $pid; wait $pid 2>/dev/null || true
  awk -v a="$t0" -v b="$t1" -v r="$rss" 'BEGIN { printf "%.1f %d\n", (b - a) / 1000, r }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

cd "$out"
: >zc.txt; : >hello.txt
run "$zc" >/dev/null; run "$hello" >/dev/null # warm the file cache
for i in $(seq 1 "$runs"); do
  run "$zc" >>zc.txt
  run "$hello" >>hello.txt
  printf '    run %2d: zoomconn %s   hello %s\n' "$i" "$(tail -1 zc.txt)" "$(tail -1 hello.txt)"
done
kill "$XEV_PID" 2>/dev/null || true

zt=$(cut -d' ' -f1 zc.txt | median) ht=$(cut -d' ' -f1 hello.txt | median)
zm=$(cut -d' ' -f2 zc.txt | median) hm=$(cut -d' ' -f2 hello.txt | median)
echo
printf '%-40s %12s %12s %8s\n' "median of $runs runs" zoomconn hello ratio
awk -v z="$zt" -v h="$ht" 'BEGIN { printf "%-40s %9.1f ms %9.1f ms %8.2f\n", "start to window mapped", z, h, z / h }'
awk -v z="$zm" -v h="$hm" 'BEGIN { printf "%-40s %9.1f MB %9.1f MB %8.2f\n", "resident memory 1.5 s after mapping", z / 1024, h / 1024, z / h }'
awk -v t="$zt" -v th="$ht" -v m="$zm" -v mh="$hm" 'BEGIN {
  ok = (t / th <= 1.25 && m / mh <= 1.25)
  printf "target (both ratios <= 1.25): %s\n", ok ? "met" : "MISSED"
}'
