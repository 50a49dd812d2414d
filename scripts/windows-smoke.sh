#!/usr/bin/env bash
# Smoke-tests the Windows build under Wine, in a fresh private WINEPREFIX,
# installed the way admins install it: from the MSI, silently.
#   subsystem zoomconn.exe is a GUI-subsystem program, zoomconn.com a console one
#   install   msiexec /i zoomconn-<version>-x64.msi /qn: both programs in
#             C:\Program Files\Zoom Connections, that folder on the system PATH,
#             the Start-menu shortcut, the Apps & features entry
#   version   the installed zoomconn.exe --version prints FyneApp.toml's Version
#   keyring   internal/keyring's TestKeyring* tests, cross-compiled, against
#             Windows Credential Manager (a 6 KB value stored in chunks among them)
#   proxy     internal/httpclient's tests, among them the one of Windows' own
#             proxy settings (it writes them: only in this throwaway prefix)
#   cli       iclient add (secret on stdin), connection add, list --json,
#             against a fresh data folder (ZOOMCONN_HOME, a Windows path)
#   console   cmd.exe runs "zoomconn" through PATH from another folder and
#             picks zoomconn.com: --version, --help, status (exit 1 while
#             "Reports" is not authorized)
#   token     a Zoom-sized (6 KB) access token: the Zoom-shaped test server
#             (bench/zoomserve) runs natively on loopback, "zoomconn authorize
#             --no-browser" prints the consent link, curl follows it as the
#             admin's browser, and "zoomconn token" reads the token back from
#             Credential Manager
#   upgrade   a newer MSI (the patch number plus one) replaces it in place: one
#             Apps & features entry, of the newer version
#   window    the installed zoomconn.exe maps a window titled "Zoom Connections"
#             within 60 s and a screenshot of it (dist/windows/smoke.png) is not blank
#   uninstall msiexec /x … /qn leaves no file, shortcut, PATH entry or Apps &
#             features entry behind
# Builds dist/windows/zoomconn.exe and zoomconn.com first when either is
# missing or older than the sources (scripts/windows-build.sh), and the MSI
# when it is missing or older than them (scripts/windows-msi.sh). Every Wine
# step runs inside one xvfb-run, so one wineserver serves them all; it is
# ended on exit, and no Wine process of the prefix is left running.
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
  # No Mono/Gecko install prompts, and no Linux menu entries for the
  # Start-menu shortcut the MSI makes.
  export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
  wine=$(cat "$work/wine")
  wineserver=$(cat "$work/wineserver")
  version=$(cat "$work/version")
  dir='C:\Program Files\Zoom Connections'
  installed="$WINEPREFIX/drive_c/Program Files/Zoom Connections"
  app=$installed/zoomconn.exe
  uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall'
  env_key='HKLM\System\CurrentControlSet\Control\Session Manager\Environment'
  # shortcut: the Start-menu shortcut, in All Users' Start menu (Windows) or
  # the user's (Wine 8 puts a per-machine shortcut there); "" when none.
  shortcut() {
    local f
    for f in "$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/Zoom Connections.lnk" \
      "$WINEPREFIX"/drive_c/users/*/AppData/Roaming/Microsoft/Windows/Start\ Menu/Programs/Zoom\ Connections.lnk; do
      [ -s "$f" ] && { echo "$f"; return; }
    done
  }

  record() { printf '%s %s %s\n' "$1" "$2" "$3" >>"$work/results"; printf '%-4s %-9s %s\n' "$1" "$2" "$3"; }
  # shellcheck disable=SC2317 # called by the trap
  stop_wine() {
    [ -n "${zs_pid:-}" ] && kill "$zs_pid" 2>/dev/null
    "$wineserver" -k 2>/dev/null
    timeout 60 "$wineserver" -w 2>/dev/null
  }
  trap stop_wine EXIT
  w() { (cd "$work" && timeout "${T:-120}" "$wine" "$@"); }
  # system_path: the PATH Windows gives new programs (the registry's).
  system_path() { w reg query "$env_key" /v PATH 2>/dev/null | tr -d '\r' | sed -n 's/^ *PATH *REG_[A-Z_]* *//p' | sed 's/;*$//'; }
  # arp: the Apps & features entries named "Zoom Connections".
  arp() {
    w reg query "$uninstall_key" /s 2>/dev/null | tr -d '\r' |
      awk '/^HKEY_/ { key = $0 } /^ +DisplayName +REG_SZ +Zoom Connections$/ { n++ } END { print n + 0 }'
  }

  # token_step: the consent of a Zoom-sized sign-in, under Wine, against the
  # Zoom-shaped test server running natively on loopback; the admin's browser
  # is curl, which allows the consent and lands on the app's Redirect URL.
  token_step() {
    local zs_out=$work/zoomserve.out zurl zport link redirect got rc
    "$work/zoomserve" -redirect-port 0 -client-id cid-smoke -client-secret csecret-smoke \
      -access-token-bytes 6144 >"$zs_out" 2>"$work/zoomserve.log" &
    zs_pid=$!
    for _ in $(seq 50); do [ -s "$zs_out" ] && break; sleep 0.1; done
    read -r zurl zport <"$zs_out"
    if [ -z "$zport" ]; then
      record FAIL token "the Zoom-shaped server did not start: $(tail -3 "$work/zoomserve.log")"
      return 1
    fi
    con() { w "$installed/zoomconn.com" "$@"; }
    # The server's OAuth app allows this port's Redirect URL: the app is set to it.
    con settings set redirect-port "$zport" </dev/null >"$work/token-settings.log" 2>&1 &&
      printf '%s\n' csecret-smoke | con iclient add --name "Test Zoom" --client-id cid-smoke \
        --environment custom --oauth-base "$zurl" --api-base "$zurl" >"$work/token-iclient.log" 2>&1 &&
      con connection add --name Big --auth oauth2 --iclient "Test Zoom" </dev/null >"$work/token-conn.log" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then
      cat "$work"/token-*.log | sed 's/^/    /'
      record FAIL token "setting up the connection exited $rc"
      return 1
    fi
    T=150 con authorize Big --no-browser --timeout 120s </dev/null >"$work/authorize.out" 2>"$work/authorize.err" &
    local auth_pid=$!
    link=""
    for _ in $(seq 600); do
      link=$(tr -d '\r' <"$work/authorize.err" | sed -n "s|^ *\($zurl/oauth/authorize?[^ ]*\).*|\1|p" | head -1)
      [ -n "$link" ] && break
      kill -0 "$auth_pid" 2>/dev/null || break
      sleep 0.1
    done
    if [ -z "$link" ]; then
      wait "$auth_pid"
      sed 's/^/    authorize: /' "$work/authorize.err" | head -10
      record FAIL token "authorize --no-browser printed no consent link"
      return 1
    fi
    # The Redirect URL is the product's own, as the consent link carries it.
    redirect=$(python3 -c 'import sys, urllib.parse as u; print(u.parse_qs(u.urlsplit(sys.argv[1]).query)["redirect_uri"][0])' "$link")
    echo "    consent link printed; redirect_uri $redirect"
    curl -sS -L --max-redirs 3 --noproxy '*' --proto =http --proto-redir =http -o "$work/callback.html" "$link" 2>"$work/curl.err"
    wait "$auth_pid"
    rc=$?
    sed 's/^/    authorize: /' "$work/authorize.out"
    if [ $rc -ne 0 ]; then
      sed 's/^/    authorize: /' "$work/authorize.err" | tail -8
      sed 's/^/    curl: /' "$work/curl.err"
      record FAIL token "authorize exited $rc"
      return 1
    fi
    got=$(con token Big </dev/null 2>"$work/token.err" | tr -d '\r\n')
    rc=$?
    if [ $rc -ne 0 ] || [ ${#got} -ne 6144 ]; then
      sed 's/^/    token: /' "$work/token.err" | head -8
      record FAIL token "zoomconn token exited $rc with ${#got} bytes, want the 6144-byte access token"
      return 1
    fi
    if ! con test Big </dev/null >"$work/token-test.log" 2>&1; then
      sed 's/^/    test: /' "$work/token-test.log" | head -8
      record FAIL token "zoomconn test Big failed with the stored 6 KB token"
      return 1
    fi
    kill "$zs_pid" 2>/dev/null
    wait "$zs_pid" 2>/dev/null
    zs_pid=""
    record PASS token "authorized through the consent link; zoomconn token read the 6144-byte access token back from Credential Manager; test passes with it"
  }

  echo "==> prefix: wineboot -i in $WINEPREFIX"
  if ! T=300 w wineboot -i >"$work/wineboot.log" 2>&1; then
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

  # (a) the MSI, installed silently as Intune or Group Policy would
  echo "==> install: msiexec /i $(basename "$(cat "$work/msi-name")") /qn"
  cp "$work/zoomconn.msi" "$WINEPREFIX/drive_c/zoomconn.msi"
  path_before=$(system_path)
  start=$(date +%s)
  T=300 w msiexec /i 'C:\zoomconn.msi' /qn /l*v 'C:\install.log' </dev/null >"$work/msiexec-i.log" 2>&1
  rc=$?
  secs=$(($(date +%s) - start))
  timeout 120 "$wineserver" -w # the install's helpers finish
  path_after=$(system_path)
  problem=""
  [ $rc -eq 0 ] || problem="msiexec /i exited $rc"
  for f in zoomconn.exe zoomconn.com; do
    [ -z "$problem" ] && ! cmp -s "$installed/$f" "$work/$f" && problem="$dir\\$f is not the built $f"
  done
  [ -z "$problem" ] && ! grep -qiF "$dir" <<<"$path_after" && problem="the system PATH lacks $dir: $path_after"
  [ -z "$problem" ] && [ -z "$(shortcut)" ] && problem="no Start-menu shortcut \"Zoom Connections\""
  [ -z "$problem" ] && ! grep -aqi 'zoomconn\.exe' "$(shortcut)" && problem="the Start-menu shortcut does not point at zoomconn.exe"
  [ -z "$problem" ] && [ "$(arp)" != 1 ] && problem="$(arp) Apps & features entries named Zoom Connections, want 1"
  if [ -n "$problem" ]; then
    iconv -f UTF-16LE -t UTF-8 "$WINEPREFIX/drive_c/install.log" 2>/dev/null | grep -iE 'error|return value 3' | tail -15 | sed 's/^/    /'
    record FAIL install "$problem"
  else
    record PASS install "msiexec /i /qn in ${secs}s: both programs in $dir, on the system PATH, Start-menu shortcut, one Apps & features entry"
  fi

  # (b) --version of the installed window
  echo "==> version: $dir\\zoomconn.exe --version"
  out=$(w "$app" --version </dev/null 2>"$work/version.err")
  rc=$?
  printf '    %s\n' "$out"
  if [ $rc -eq 0 ] && grep -qwF "$version" <<<"$out"; then
    record PASS version "prints \"$out\""
  else
    sed 's/^/    /' "$work/version.err" | tail -20
    record FAIL version "exit $rc, output \"$out\", want it to contain $version"
  fi

  # (c) keyring round trip through Windows Credential Manager
  echo "==> keyring: keyring.test.exe -test.run ^TestKeyring"
  if [ ! -e "$work/keyring.test.exe" ]; then
    record FAIL keyring "internal/keyring's tests did not cross-compile (see above)"
  else
    # required: a test that cannot reach Credential Manager fails, not skips
    ZOOMCONN_TEST_KEYRING=required T=300 w keyring.test.exe -test.run '^TestKeyring' -test.v -test.count=1 -test.timeout 240s </dev/null >"$work/keyring.log" 2>&1
    rc=$?
    grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic)|_test.go:' "$work/keyring.log" | sed 's/^/    /'
    passed=$(grep -cE '^--- PASS: TestKeyring' "$work/keyring.log")
    skipped=$(grep -cE '^--- SKIP: TestKeyring' "$work/keyring.log")
    if [ $rc -ne 0 ]; then
      tail -30 "$work/keyring.log" | sed 's/^/    /'
      record FAIL keyring "keyring.test.exe exited $rc"
    elif [ "$passed" -eq 0 ]; then
      record FAIL keyring "no TestKeyring test ran"
    elif ! grep -qE '^--- PASS: TestKeyringLargeValueInChunks' "$work/keyring.log"; then
      record FAIL keyring "TestKeyringLargeValueInChunks did not pass: the 6 KB chunked value is not covered"
    else
      record PASS keyring "$passed TestKeyring tests passed against Credential Manager ($skipped skipped: not for Windows)"
    fi
  fi

  # (d) Windows' own proxy settings
  echo "==> proxy: httpclient.test.exe (Windows' proxy settings written in this prefix)"
  ZOOMCONN_TEST_WRITE_PROXY_SETTINGS=1 T=120 w httpclient.test.exe -test.v -test.count=1 </dev/null >"$work/proxy.log" 2>&1
  rc=$?
  grep -E '^(--- |PASS|FAIL|ok|panic)|_test.go:' "$work/proxy.log" | sed 's/^/    /'
  if [ $rc -eq 0 ] && grep -q '^--- PASS: TestWindowsSystemProxySettings' "$work/proxy.log"; then
    record PASS proxy "$(grep -c '^--- PASS' "$work/proxy.log") httpclient tests: Windows' proxy settings (proxy and exceptions) used when HTTPS_PROXY is unset, HTTPS_PROXY wins; a loopback proxy carries a call, a down one is named"
  else
    tail -20 "$work/proxy.log" | sed 's/^/    /'
    record FAIL proxy "httpclient.test.exe exited $rc"
  fi
  # Leave the prefix without a proxy for the steps below.
  w reg delete 'HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings' /v ProxyEnable /f >/dev/null 2>&1
  w reg delete 'HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings\Connections' /v DefaultConnectionSettings /f >/dev/null 2>&1

  # (e) the command line against a fresh data folder
  echo "==> cli: iclient add, connection add, list --json"
  export ZOOMCONN_HOME='C:\zoomconn-smoke\data'
  cli() { w "$app" "$@"; }
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

  # (f) "zoomconn" typed in cmd.exe, in a folder that has no zoomconn: found
  # through the system PATH the MSI set, and the console twin is the one run.
  echo "==> console: cmd /c zoomconn … through PATH"
  mkdir -p "$WINEPREFIX/drive_c/elsewhere"
  inpath() { (cd "$WINEPREFIX/drive_c/elsewhere" && timeout 120 "$wine" cmd /c "$@"); }
  con_fail=""
  out=$(inpath "zoomconn --version" </dev/null 2>"$work/con-version.err" | tr -d '\r')
  rc=$?
  printf '    cmd /c "zoomconn --version": %s\n' "$out"
  [ $rc -eq 0 ] && grep -qwF "$version" <<<"$out" || con_fail="cmd /c \"zoomconn --version\": exit $rc, \"$out\" (is $dir on PATH?)"
  inpath "zoomconn --help" </dev/null >"$work/con-help.log" 2>&1
  if [ -z "$con_fail" ] && ! grep -q "This is the console build" "$work/con-help.log"; then
    head -5 "$work/con-help.log" | sed 's/^/    cmd: /'
    con_fail="cmd /c \"zoomconn --help\" did not run zoomconn.com"
  fi
  inpath "zoomconn status" </dev/null >"$work/con-status.log" 2>&1
  rc=$?
  sed 's/^/    status: /' "$work/con-status.log" | head -8
  if [ -z "$con_fail" ] && { [ $rc -ne 1 ] || ! grep -q "Reports" "$work/con-status.log"; }; then
    con_fail="cmd /c \"zoomconn status\": exit $rc (want 1: \"Reports\" is not authorized)"
  fi
  if [ -n "$con_fail" ]; then
    record FAIL console "$con_fail"
  else
    record PASS console "cmd.exe finds \"zoomconn\" through PATH and runs zoomconn.com: --version, --help, status (exit 1, lists \"Reports\")"
  fi

  # (g) a Zoom-sized token through Credential Manager
  echo "==> token: authorize against the Zoom-shaped server, a 6 KB access token"
  token_step
  token_rc=$?

  # (h) a newer MSI (same UpgradeCode) upgrades the installed one in place
  newer=$(cat "$work/newer-version")
  echo "==> upgrade: msiexec /i (version $newer) /qn over the installed one"
  cp "$work/newer.msi" "$WINEPREFIX/drive_c/zoomconn-newer.msi"
  T=300 w msiexec /i 'C:\zoomconn-newer.msi' /qn /l*v 'C:\upgrade.log' </dev/null >"$work/msiexec-u.log" 2>&1
  rc=$?
  timeout 120 "$wineserver" -w
  versions=$(w reg query "$uninstall_key" /s 2>/dev/null | tr -d '\r' |
    awk '/^HKEY_/ { if (zc) print v; zc = 0; v = "" }
      /^ +DisplayName +REG_SZ +Zoom Connections$/ { zc = 1 }
      /^ +DisplayVersion +REG_SZ/ { v = $3 }
      END { if (zc) print v }' | sort -u | tr '\n' ' ')
  if [ $rc -ne 0 ]; then
    record FAIL upgrade "msiexec /i of the newer MSI exited $rc"
  elif [ "$(arp)" != 1 ] || [ "$versions" != "$newer " ]; then
    record FAIL upgrade "Apps & features holds $(arp) Zoom Connections entries, versions $versions; want one, $newer"
  elif ! cmp -s "$installed/zoomconn.com" "$work/zoomconn.com" || ! grep -qiF "$dir" <<<"$(system_path)"; then
    record FAIL upgrade "after the upgrade the programs or the PATH entry are missing"
  else
    record PASS upgrade "the newer MSI replaced the installed one: one Apps & features entry, version $newer, programs and PATH in place"
  fi

  # (i) the window of the installed exe. Every step above ran under this
  # display, so the same wineserver carries on; nothing started without one.
  echo "==> window: $dir\\zoomconn.exe with no arguments"
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
  "$wineserver" -k 2>/dev/null # the window's helpers too: nothing may hold the files
  timeout 60 "$wineserver" -w 2>/dev/null

  # (j) uninstall, silently: nothing of it is left
  echo "==> uninstall: msiexec /x … /qn"
  start=$(date +%s)
  T=300 w msiexec /x 'C:\zoomconn-newer.msi' /qn /l*v 'C:\uninstall.log' </dev/null >"$work/msiexec-x.log" 2>&1
  rc=$?
  secs=$(($(date +%s) - start))
  timeout 120 "$wineserver" -w
  left=$(find "$installed" 2>/dev/null | head -5 | tr '\n' ' ')
  problem=""
  [ $rc -eq 0 ] || problem="msiexec /x exited $rc"
  [ -z "$problem" ] && [ -n "$left" ] && problem="files left: $left"
  [ -z "$problem" ] && [ -n "$(shortcut)" ] && problem="the Start-menu shortcut is left: $(shortcut)"
  [ -z "$problem" ] && grep -qiF "$dir" <<<"$(system_path)" && problem="the system PATH still holds $dir"
  [ -z "$problem" ] && [ "$(arp)" != 0 ] && problem="the Apps & features entry is left"
  [ -z "$problem" ] && [ "$(system_path)" != "$path_before" ] && problem="the system PATH is not as before: $(system_path) (was $path_before)"
  if [ -n "$problem" ]; then
    iconv -f UTF-16LE -t UTF-8 "$WINEPREFIX/drive_c/uninstall.log" 2>/dev/null | grep -iE 'error|return value 3' | tail -15 | sed 's/^/    /'
    record FAIL uninstall "$problem"
  else
    record PASS uninstall "msiexec /x /qn in ${secs}s: no file, shortcut, PATH entry or Apps & features entry left"
  fi
  exit 0
fi

# ---------------------------------------------------------------- the host side
ready=true
results=()
note() { results+=("$(printf '%-4s %-9s %s' "$1" "$2" "$3")"); printf '%-4s %-9s %s\n' "$1" "$2" "$3"; }

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
# The installer: built when missing or older than what it is made of.
msi=dist/windows/zoomconn-$version-x64.msi
if [ "$ready" = true ]; then
  if [ ! -e "$msi" ] || [ -n "$(find "$exe" "$com" packaging/windows scripts/windows-msi.sh FyneApp.toml -newer "$msi" -print -quit)" ]; then
    if VERSION=$version scripts/windows-msi.sh >"$work/msi.log" 2>&1; then
      note PASS msi "$msi built ($(sed -n 's/^ProductCode //p' "$work/msi.log"))"
    else
      cat "$work/msi.log" >&2
      note FAIL msi "scripts/windows-msi.sh failed"
      ready=false
    fi
  else
    note PASS msi "$msi is up to date"
  fi
fi
# A newer version of the installer, for the upgrade step: the same programs,
# the patch number plus one.
if [ "$ready" = true ]; then
  IFS=. read -r v1 v2 v3 _ <<<"${version%%[-+]*}"
  newer="${v1:-0}.${v2:-0}.$((${v3:-0} + 1))"
  if VERSION=$newer scripts/windows-msi.sh --no-sign >"$work/msi-newer.log" 2>&1; then
    mv "dist/windows/zoomconn-$newer-x64.msi" "$work/newer.msi"
    printf '%s' "$newer" >"$work/newer-version"
  else
    cat "$work/msi-newer.log" >&2
    note FAIL upgrade "the newer MSI ($newer) did not build"
    ready=false
  fi
fi

if [ "$ready" = true ]; then
  gui=$(pe_subsystem "$exe") console=$(pe_subsystem "$com")
  if [ "$gui" = 2 ] && [ "$console" = 3 ]; then
    note PASS subsystem "zoomconn.exe is a GUI program, zoomconn.com a console one (cmd.exe waits for it)"
  else
    note FAIL subsystem "subsystems $gui and $console, want 2 (GUI) for zoomconn.exe and 3 (console) for zoomconn.com"
  fi
fi

if [ "$ready" = true ]; then
  echo "==> stand-in bcryptprimitives.dll and keyring.test.exe"
  if x86_64-w64-mingw32-gcc -O2 -Wall -shared -s -o "$work/bcryptprimitives.dll" \
    build/windows/winetest/bcryptprimitives.c -ladvapi32; then
    :
  else
    note FAIL prefix "the stand-in bcryptprimitives.dll did not build"
    ready=false
  fi
  if ! CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go test -c -o "$work/keyring.test.exe" ./internal/keyring/; then
    echo "windows-smoke: ./internal/keyring/ tests did not cross-compile" >&2
  fi
  echo "==> httpclient.test.exe, and the Zoom-shaped server for Linux (bench/zoomserve)"
  if ! CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go test -c -o "$work/httpclient.test.exe" ./internal/httpclient/; then
    echo "windows-smoke: ./internal/httpclient/ tests did not cross-compile" >&2
  fi
  if ! go build -o "$work/zoomserve" ./bench/zoomserve; then
    note FAIL token "bench/zoomserve did not build"
    ready=false
  fi
fi

if [ "$ready" = true ]; then
  cp "$exe" "$work/zoomconn.exe" # to compare with what the MSI installs
  cp "$com" "$work/zoomconn.com"
  cp "$msi" "$work/zoomconn.msi"
  printf '%s' "$msi" >"$work/msi-name"
  printf '%s' "$wine" >"$work/wine"
  printf '%s' "$wineserver" >"$work/wineserver"
  printf '%s' "$version" >"$work/version"
  : >"$work/results"
  xvfb-run -a -s "$xvfb_screen" "$0" --wine-steps "$work" </dev/null
  rc=$?
  while IFS= read -r line; do
    results+=("$(printf '%-4s %-9s %s' "${line%% *}" "$(cut -d' ' -f2 <<<"$line")" "$(cut -d' ' -f3- <<<"$line")")")
  done <"$work/results"
  [ $rc -eq 0 ] || note FAIL xvfb "the Wine steps ended with exit $rc"
  if [ -e "$work/smoke.png" ]; then
    cp "$work/smoke.png" "$shot"
    echo "screenshot: $shot"
  fi
  for step in install version keyring proxy cli console token upgrade window uninstall; do
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
