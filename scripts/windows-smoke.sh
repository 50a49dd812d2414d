#!/usr/bin/env bash
# Smoke-tests the Windows build under Wine, in a fresh private WINEPREFIX:
#   subsystem zoomconn.exe is a GUI-subsystem program, zoomconn.com a console one
#   version   zoomconn.exe --version prints FyneApp.toml's Version
#   keyring   model's TestKeyring* tests, cross-compiled, against Windows
#             Credential Manager (a 6 KB value stored in chunks among them)
#   cli       iclient add (secret on stdin), connection add, list --json,
#             against a fresh data folder (ZOOMCONN_HOME, a Windows path)
#   console   the console twin: zoomconn.com --version, status (exit 1 while
#             "Reports" is not authorized), and cmd.exe running "zoomconn"
#             picks zoomconn.com over zoomconn.exe
#   window    a window titled "Zoom Connections" maps within 60 s and a
#             screenshot of it (dist/windows/smoke.png) is not blank
# Builds dist/windows/zoomconn.exe and zoomconn.com first when either is
# missing or older than the sources (scripts/windows-build.sh). Every Wine step runs inside one xvfb-run,
# so one wineserver serves them all; it is ended on exit, and no Wine process
# of the prefix is left running.
#
# Debian's Wine 8 has no bcryptprimitives.dll, which the Go runtime needs: a
# stand-in (build/windows/winetest/bcryptprimitives.c, ProcessPrng over
# RtlGenRandom) is built with mingw-w64 into the throwaway prefix's system32
# only. It is never part of the product.
#
# Usage: scripts/windows-smoke.sh [--rebuild]
set -uo pipefail # not -e: every step runs and reports, the summary decides
cd "$(dirname "$0")/.." || exit 1
export PATH="$PATH:/usr/local/go/bin"

exe=dist/windows/zoomconn.exe
com=dist/windows/zoomconn.com
shot=dist/windows/smoke.png
xvfb_screen="-screen 0 1280x800x24"

if [ "${1:-}" = --wine-steps ]; then
  wine_steps=true
  work=$2
else
  wine_steps=false
fi

# ---------------------------------------------------------------- the Wine steps
# Runs inside xvfb-run: every step records "RESULT step detail" in $work/results.
if [ "$wine_steps" = true ]; then
  export WINEPREFIX=$work/prefix WINEARCH=win64 WINEDEBUG=-all LANG=en_US.UTF-8
  export WINEDLLOVERRIDES="mscoree,mshtml=" # no Mono/Gecko install prompts
  wine=$(cat "$work/wine")
  wineserver=$(cat "$work/wineserver")
  version=$(cat "$work/version")
  app=$work/zoomconn.exe

  record() { printf '%s %s %s\n' "$1" "$2" "$3" >>"$work/results"; printf '%-4s %-8s %s\n' "$1" "$2" "$3"; }
  # shellcheck disable=SC2317 # called by the trap
  stop_wine() {
    "$wineserver" -k 2>/dev/null
    timeout 60 "$wineserver" -w 2>/dev/null
  }
  trap stop_wine EXIT

  echo "==> prefix: wineboot -i in $WINEPREFIX"
  if ! timeout 300 "$wine" wineboot -i >"$work/wineboot.log" 2>&1; then
    tail -20 "$work/wineboot.log"
    record FAIL prefix "wineboot -i failed"
    exit 1
  fi
  timeout 120 "$wineserver" -w # let the first boot finish writing the registry
  sys32=$WINEPREFIX/drive_c/windows/system32
  if [ -e "$sys32/bcryptprimitives.dll" ]; then
    record PASS prefix "fresh prefix; this Wine has bcryptprimitives.dll, no stand-in needed"
  else
    cp "$work/bcryptprimitives.dll" "$sys32/bcryptprimitives.dll"
    record PASS prefix "fresh prefix; stand-in bcryptprimitives.dll placed in the prefix's system32"
  fi

  # (a) --version
  echo "==> version: zoomconn.exe --version"
  out=$(cd "$work" && timeout 60 "$wine" "$app" --version </dev/null 2>"$work/version.err")
  rc=$?
  printf '    %s\n' "$out"
  if [ $rc -eq 0 ] && grep -qwF "$version" <<<"$out"; then
    record PASS version "prints \"$out\""
  else
    sed 's/^/    /' "$work/version.err" | tail -20
    record FAIL version "exit $rc, output \"$out\", want it to contain $version"
  fi

  # (b) keyring round trip through Windows Credential Manager
  echo "==> keyring: model.test.exe -test.run ^TestKeyring"
  if [ ! -e "$work/model.test.exe" ]; then
    record FAIL keyring "model tests did not cross-compile (see above)"
  else
    (cd "$work" && timeout 300 "$wine" model.test.exe -test.run '^TestKeyring' -test.v -test.count=1 -test.timeout 240s) </dev/null >"$work/keyring.log" 2>&1
    rc=$?
    grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic)|_test.go:' "$work/keyring.log" | sed 's/^/    /'
    passed=$(grep -cE '^--- PASS: TestKeyring' "$work/keyring.log")
    skipped=$(grep -cE '^--- SKIP: TestKeyring' "$work/keyring.log")
    if [ $rc -ne 0 ]; then
      tail -30 "$work/keyring.log" | sed 's/^/    /'
      record FAIL keyring "model.test.exe exited $rc"
    elif [ "$passed" -eq 0 ]; then
      record FAIL keyring "no TestKeyring test ran"
    elif ! grep -qiE '^--- PASS: TestKeyring[A-Za-z]*(Large|Chunk)' "$work/keyring.log"; then
      record FAIL keyring "no passing TestKeyring*Large*/*Chunk* test: the 6 KB chunked value is not covered"
    else
      record PASS keyring "$passed TestKeyring tests passed against Credential Manager ($skipped skipped: not for Windows)"
    fi
  fi

  # (c) the command line against a fresh data folder
  echo "==> cli: iclient add, connection add, list --json"
  export ZOOMCONN_HOME='C:\zoomconn-smoke\data'
  cli() { (cd "$work" && timeout 120 "$wine" "$app" "$@"); }
  cli iclient --help </dev/null >"$work/cli-help.log" 2>&1
  rc=$?
  if [ $rc -ne 0 ]; then
    record SKIP cli "SKIP: cli not built yet (zoomconn.exe iclient --help exited $rc)"
  else
    cli_fail=""
    printf '%s\n' 'smoke-secret-0123456789' | cli iclient add --name Acme --client-id abc123 >"$work/cli1.log" 2>&1 ||
      cli_fail="iclient add exited $?"
    if [ -z "$cli_fail" ]; then
      cli connection add --name Reports --auth oauth2 --iclient Acme </dev/null >"$work/cli2.log" 2>&1 ||
        cli_fail="connection add exited $?"
    fi
    if [ -z "$cli_fail" ]; then
      cli list --json </dev/null >"$work/cli3.json" 2>"$work/cli3.err" || cli_fail="list --json exited $?"
    fi
    for f in cli1.log cli2.log cli3.json cli3.err; do
      [ -s "$work/$f" ] && sed "s/^/    $f: /" "$work/$f" | head -20
    done
    if [ -n "$cli_fail" ]; then
      record FAIL cli "$cli_fail"
    elif ! grep -q '"Reports"' "$work/cli3.json"; then
      record FAIL cli "list --json does not contain \"Reports\""
    elif ! ls "$WINEPREFIX/drive_c/zoomconn-smoke/data/"* >/dev/null 2>&1; then
      record FAIL cli "nothing written under ZOOMCONN_HOME ($ZOOMCONN_HOME)"
    else
      record PASS cli "iclient add + connection add + list --json lists \"Reports\" (data in $ZOOMCONN_HOME)"
    fi
  fi

  # (d) the console twin, on the data folder of (c)
  echo "==> console: zoomconn.com --version, status, and cmd.exe's choice"
  con() { (cd "$work" && timeout 120 "$wine" "$work/zoomconn.com" "$@"); }
  con_fail=""
  out=$(con --version </dev/null 2>"$work/con-version.err")
  rc=$?
  printf '    zoomconn.com --version: %s\n' "$out"
  [ $rc -eq 0 ] && grep -qwF "$version" <<<"$out" || con_fail="zoomconn.com --version: exit $rc, \"$out\""
  con status </dev/null >"$work/con-status.log" 2>&1
  rc=$?
  sed 's/^/    status: /' "$work/con-status.log" | head -8
  if [ -z "$con_fail" ] && { [ $rc -ne 1 ] || ! grep -q "Reports" "$work/con-status.log"; }; then
    con_fail="zoomconn.com status: exit $rc (want 1: \"Reports\" is not authorized)"
  fi
  # cmd.exe looks for zoomconn.com before zoomconn.exe; only the console
  # build's help says it is the console build.
  (cd "$work" && timeout 120 "$wine" cmd /c "zoomconn --help" </dev/null >"$work/con-cmd.log" 2>&1)
  if [ -z "$con_fail" ] && ! grep -q "This is the console build" "$work/con-cmd.log"; then
    head -5 "$work/con-cmd.log" | sed 's/^/    cmd: /'
    con_fail="cmd /c \"zoomconn --help\" did not run zoomconn.com"
  fi
  if [ -n "$con_fail" ]; then
    record FAIL console "$con_fail"
  else
    record PASS console "zoomconn.com --version, status (exit 1, lists \"Reports\"); cmd.exe runs it for \"zoomconn\""
  fi

  # (e) the window. Every step above ran under this display, so the same
  # wineserver carries on; nothing started without one.
  echo "==> window: zoomconn.exe with no arguments"
  (cd "$work" && exec "$wine" "$app") </dev/null >"$work/window.log" 2>&1 &
  app_pid=$!
  start=$(date +%s)
  wid=$(timeout 60 xdotool search --sync --onlyvisible --name '^Zoom Connections$' 2>/dev/null | head -1)
  mapped=$(($(date +%s) - start))
  if [ -z "$wid" ]; then
    tail -20 "$work/window.log" | sed 's/^/    /'
    record FAIL window "no window titled \"Zoom Connections\" mapped within 60 s"
  else
    # The window maps before its first frame: poll until the window's area
    # shows a picture (many colours, some contrast), for up to 30 s.
    verdict=""
    for _ in $(seq 30); do
      sleep 1
      eval "$(xdotool getwindowgeometry --shell "$wid" 2>/dev/null)" || break
      import -window root "$work/shot.png" 2>/dev/null || continue
      convert "$work/shot.png" -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$work/win.png" 2>/dev/null || continue
      colours=$(identify -format '%k' "$work/win.png" 2>/dev/null || echo 0)
      sd=$(convert "$work/win.png" -colorspace Gray -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
      verdict="${WIDTH}x${HEIGHT} window, $colours colours, grey std-dev $sd"
      if [ "${colours:-0}" -gt 10 ] && awk -v s="$sd" 'BEGIN { exit !(s > 0.02) }'; then
        cp "$work/shot.png" "$work/smoke.png"
        break
      fi
    done
    if [ -e "$work/smoke.png" ]; then
      record PASS window "mapped in ${mapped}s; screenshot not blank ($verdict)"
    else
      [ -e "$work/shot.png" ] && cp "$work/shot.png" "$work/smoke.png"
      tail -20 "$work/window.log" | sed 's/^/    /'
      record FAIL window "mapped in ${mapped}s but the screenshot stayed blank ($verdict)"
    fi
  fi
  kill "$app_pid" 2>/dev/null
  wait "$app_pid" 2>/dev/null
  exit 0
fi

# ---------------------------------------------------------------- the host side
ready=true
results=()
note() { results+=("$(printf '%-4s %-8s %s' "$1" "$2" "$3")"); printf '%-4s %-8s %s\n' "$1" "$2" "$3"; }

# Debian packages, installed when missing.
scripts/deps.sh windows-smoke

# Debian's /usr/bin/wine wrapper nags about wine32 on stderr; call wine64 itself.
wine=""
for w in /usr/lib/wine/wine64 "$(command -v wine64)" "$(command -v wine)"; do
  [ -n "$w" ] && [ -x "$w" ] && { wine=$w; break; }
done
wineserver=""
for w in /usr/lib/wine/wineserver64 /usr/lib/wine/wineserver "$(command -v wineserver)"; do
  [ -n "$w" ] && [ -x "$w" ] && { wineserver=$w; break; }
done
if [ -z "$wine" ] || [ -z "$wineserver" ]; then
  echo "windows-smoke: wine64 and wineserver are needed (Debian: apt-get install wine64 wine)" >&2
  exit 1
fi
echo "==> $("$wine" --version 2>/dev/null) ($wine)"

work=$(mktemp -d /tmp/zoomconn-winsmoke.XXXXXX)
# prefix_pids: the processes (wineserver, services.exe, zoomconn.exe …) whose
# environment names our WINEPREFIX. They are all this script's own.
prefix_pids() {
  local env
  for env in /proc/[0-9]*/environ; do
    { tr '\0' '\n' <"$env" | grep -qxF "WINEPREFIX=$work/prefix"; } 2>/dev/null && basename "$(dirname "$env")"
  done
}
cleanup() {
  local left
  mapfile -t left < <(prefix_pids)
  if [ ${#left[@]} -gt 0 ]; then
    echo "windows-smoke: ending Wine processes left in the prefix: ${left[*]}" >&2
    kill -9 "${left[@]}" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

toml_version=$(awk '/^[[:space:]]*\[/ { d = ($0 ~ /\[Details\]/) } d && /^[[:space:]]*Version[[:space:]]*=/ { split($0, q, "\""); print q[2]; exit }' FyneApp.toml)
version=${VERSION:-$toml_version}

# Build when missing or older than anything it is made from.
echo "==> build"
oldest=$exe
[ -e "$com" ] && [ "$com" -ot "$exe" ] && oldest=$com
if [ "${1:-}" = --rebuild ] || [ ! -e "$exe" ] || [ ! -e "$com" ] ||
  [ -n "$(find . -path ./dist -prune -o \( -name '*.go' -o -name go.mod -o -name go.sum -o -name FyneApp.toml \
    -o -path ./assets/icon.png -o -path './build/windows/*' -o -path ./scripts/windows-build.sh \) -newer "$oldest" -print -quit)" ]; then
  if scripts/windows-build.sh; then
    note PASS build "$exe and $com built"
  else
    note FAIL build "scripts/windows-build.sh failed"
    ready=false
  fi
else
  note PASS build "$exe and $com are up to date ($(stat -c %s "$exe") and $(stat -c %s "$com") bytes)"
fi

# pe_subsystem FILE: 2 for a GUI program, 3 for a console one (PE optional header).
pe_subsystem() {
  python3 -c 'import struct, sys
d = open(sys.argv[1], "rb").read(4096)
pe = struct.unpack_from("<I", d, 0x3c)[0]
print(struct.unpack_from("<H", d, pe + 24 + 68)[0])' "$1"
}
if [ "$ready" = true ]; then
  gui=$(pe_subsystem "$exe") console=$(pe_subsystem "$com")
  if [ "$gui" = 2 ] && [ "$console" = 3 ]; then
    note PASS subsystem "zoomconn.exe is a GUI program, zoomconn.com a console one (cmd.exe waits for it)"
  else
    note FAIL subsystem "subsystems $gui and $console, want 2 (GUI) for zoomconn.exe and 3 (console) for zoomconn.com"
  fi
fi

if [ "$ready" = true ]; then
  echo "==> stand-in bcryptprimitives.dll and model.test.exe"
  if x86_64-w64-mingw32-gcc -O2 -Wall -shared -s -o "$work/bcryptprimitives.dll" \
    build/windows/winetest/bcryptprimitives.c -ladvapi32; then
    :
  else
    note FAIL prefix "the stand-in bcryptprimitives.dll did not build"
    ready=false
  fi
  if ! CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++ \
    go test -c -o "$work/model.test.exe" ./model/; then
    echo "windows-smoke: ./model/ tests did not cross-compile" >&2
  fi
fi

if [ "$ready" = true ]; then
  cp "$exe" "$work/zoomconn.exe"
  cp "$com" "$work/zoomconn.com"
  printf '%s' "$wine" >"$work/wine"
  printf '%s' "$wineserver" >"$work/wineserver"
  printf '%s' "$version" >"$work/version"
  : >"$work/results"
  xvfb-run -a -s "$xvfb_screen" "$0" --wine-steps "$work" </dev/null
  rc=$?
  while IFS= read -r line; do
    results+=("$(printf '%-4s %-8s %s' "${line%% *}" "$(cut -d' ' -f2 <<<"$line")" "$(cut -d' ' -f3- <<<"$line")")")
  done <"$work/results"
  [ $rc -eq 0 ] || note FAIL xvfb "the Wine steps ended with exit $rc"
  if [ -e "$work/smoke.png" ]; then
    cp "$work/smoke.png" "$shot"
    echo "screenshot: $shot"
  fi
  for step in version keyring cli console window; do
    grep -q " $step " <<<" $(cut -d' ' -f2 "$work/results" | tr '\n' ' ') " ||
      note FAIL "$step" "did not run"
  done
  running=$(prefix_pids | tr '\n' ' ')
  if [ -z "$running" ]; then
    note PASS cleanup "no Wine process left running"
  else
    note FAIL cleanup "Wine processes still running in the prefix: $running"
  fi
fi

echo
echo "Windows smoke test summary:"
failed=0 passed=0 skipped=0
for r in "${results[@]}"; do
  echo "  $r"
  case $r in FAIL*) failed=$((failed + 1)) ;; PASS*) passed=$((passed + 1)) ;; SKIP*) skipped=$((skipped + 1)) ;; esac
done
echo "Smoke: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
