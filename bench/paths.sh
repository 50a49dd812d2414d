#!/usr/bin/env bash
# The main paths, counted on the real binary: builds zoomconn, runs it
# under Xvfb in a private D-Bus session with an unlocked gnome-keyring, against
# the Zoom-shaped test server on loopback (bench/zoomserve), and drives the
# window with xdotool along each path, counting every action through act():
# one click (a double-click is one), one key press (a chord is one), one typed
# value (a whole field, as a paste), one scroll of the wheel over a dialog, and
# the Allow on Zoom's consent page (played by $BROWSER). Each path starts from a
# fresh data folder seeded through zoomconn's own command line, ends with a
# screenshot, and is checked through the product (zoomconn status --json and
# zoomconn test): a path that does not end Online fails whatever its count.
#
# Prints one row per path (actions, goal, ok/FAIL) and exits 1 if any path
# fails or misses its goal. Screenshots, action lists and logs stay in
# $PATHS_OUT (default /tmp/zoomconn-paths); PATHS_STEPS=1 adds a screenshot
# after every action; PATHS_CONSUME_CODE=1 makes the test server use a code up
# when its exchange fails client authentication (the wrong-secret fallback).
# Usage: bench/paths.sh [mouse|keyboard|mouse-secret|s2s|recover|wrong-secret|migrate-all ...]  (default: all)
set -euo pipefail

# ---------------------------------------------------------------------------
# Where to click: window-relative pixel positions in the 1180x760 window
# (FYNE_SCALE=1, the app's default theme under Xvfb, no window manager).
# Found from screenshots (PATHS_STEPS=1); update them here when the layout
# moves. x y
# ---------------------------------------------------------------------------
declare -A AT=(
  # Connections page, with the JWT banner shown
  [first_row]="62 213"            # the first row's name (double-click opens it)
  [migrate_all]="1115 80"         # banner: Migrate all…
  # Edit connection (JWT), scrolled to the top as it opens
  [ed_migrate]="414 224"          # Migrate to OAuth 2.0, over the form
  [ed_plus]="847 477"             # + beside Zoom app (iClient), once on OAuth 2.0
  [ed_save_auth]="830 638"        # Save & authorize
  [ed_cancel]="641 638"           # Cancel
  [ed_body]="600 400"             # somewhere in the form, to scroll it
  [ed_migrate_s2s]="414 282"      # Migrate to Server-to-Server OAuth, under Migrate to OAuth 2.0
  # Create iClient (opened with +): a public client ID, as it opens
  [ic_copy]="849 354"             # Copy beside the Redirect URL, in sight as it opens
  [ic_save_auth]="810 628"        # Save & authorize
  # … after choosing Client ID and Client secret
  [ic_kind_secret]="745 241"      # the Client ID and Client secret button
  [ic_secret]="640 385"           # Client secret field
  [ic_copy_s]="849 459"           # Copy, with the secret field shown
  # … opened for a Server-to-Server connection (Account ID first)
  [s2s_client_id]="640 330"       # Client ID field
  [s2s_secret]="640 369"          # Client secret field
  [s2s_save_auth]="810 628"       # Save & authorize
  # Connections page with no JWT banner: the first row's … menu
  [row_more]="1151 146"           # the first row's …
  [menu_reconnect]="1100 260"     # Reconnect, in the menu it opens
  # Migrate "…" / Migrate all… wizard
  [mz_close]="943 618"            # Close, when done
  [mz_oauth2]="330 343"           # Target: the OAuth 2.0 card
  [mz_next]="932 618"             # Next
  [mz_start]="896 618"            # Start migration
  # Error dialog after a wrong Client secret, and Edit iClient
  [err_fix]="353 618"             # Enter the Client secret… (bottom left)
  [eic_save]="854 628"            # Save (saves and retries)
)

# The goals: issue 17 for the public client ID (mouse, keyboard), issue 11
# for the rest (with a Client ID and secret, one click more than then: the
# kind of credentials is chosen).
# Issue 21 adds Server-to-Server from the editor (8) and the recovery from
# a sign-in Zoom ended (3, from the Connections page once the window's own
# check shows every affected row as Reconnect needed).
declare -A GOAL=([mouse]=7 [keyboard]=12 [mouse-secret]=10 [s2s]=8 [recover]=3 [wrong-secret]=3 [migrate-all]=6)
ALL=(mouse keyboard mouse-secret s2s recover wrong-secret migrate-all)

cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

if [ "${1:-}" != "--inside" ]; then
  for p in "$@"; do [ -n "${GOAL[$p]:-}" ] || { echo "unknown path: $p (one of: ${ALL[*]})" >&2; exit 2; }; done
  for t in xvfb-run xdotool import gnome-keyring-daemon dbus-run-session curl; do
    command -v "$t" >/dev/null || { echo "missing: $t (see scripts/deps.sh)" >&2; exit 2; }
  done
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "==> build"
  go build -o "$tmp/zoomconn" .
  go build -o "$tmp/zoomserve" ./bench/zoomserve
  out=${PATHS_OUT:-/tmp/zoomconn-paths}
  rm -rf "$out" && mkdir -p "$out"
  export LANG=en_US.UTF-8 FYNE_SCALE=1 XDG_DATA_HOME="$tmp/xdg-data"
  mkdir -p "$XDG_DATA_HOME"
  set +e
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
    bash ${PATHS_TRACE:+-x} "$0" --inside "$tmp" "$out" "$@" \
    2> >(grep -v -e "Failed to set fd limit" -e "^$" >&2)
  rc=$?
  set -e
  echo "screenshots, action lists and logs: $out"
  exit $rc
fi

# ---------------------------------------------------------------------------
# Inside Xvfb and the private D-Bus session.
# ---------------------------------------------------------------------------
shift
tmp=$1 out=$2
shift 2
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=("${ALL[@]}")
bin="$tmp/zoomconn"
echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null

# The Zoom-shaped server; it prints "URL PORT" (PORT: the redirect port that
# its OAuth app "cid" allows).
# PATHS_CONSUME_CODE=1: a failed client authentication uses the code up, so
# the wrong-secret retry must ask for a new consent (the fallback).
consume=false
[ -z "${PATHS_CONSUME_CODE:-}" ] || consume=true
"$tmp/zoomserve" -redirect-port 0 -client-id cid -client-secret csecret -public-client-id pub -s2s-account acct-s2s -consume-code-on-bad-client=$consume >"$tmp/zoomserve.out" 2>"$tmp/zoomserve.log" &
zspid=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null
  kill "$zspid" 2>/dev/null
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 50); do [ -s "$tmp/zoomserve.out" ] && break; sleep 0.1; done
read -r ZOOM PORT <"$tmp/zoomserve.out"
echo "==> Zoom-shaped server at $ZOOM, Redirect URL http://127.0.0.1:$PORT/oauth/callback (any port)"

# The admin's browser: the consent page approves at once (a signed-in admin
# clicking Allow) and redirects to the app's loopback callback. Each visit
# is logged so that the Allow is counted only when it happened.
cat >"$tmp/browser" <<'EOF'
#!/bin/sh
echo "$1" >>"$BROWSER_LOG"
exec curl -sS -L --max-redirs 3 --noproxy '*' --proto =http --proto-redir =http -o /dev/null "$1"
EOF
chmod +x "$tmp/browser"
export BROWSER="$tmp/browser"

# zc runs the product's command line on the current path's data folder.
zc() { "$bin" "$@" 2> >(grep -v -e "Fyne error" -e "Cause: language" -e "At: .*locale.go" >&2); }

# ---------------------------------------------------------------------------
# Counting: every action goes through act.
# ---------------------------------------------------------------------------
N=0
LOG=()
WX=0 WY=0 WID=""
FAILED=""
act() {
  local kind=$1 what=$2
  shift 2
  [ -z "$FAILED" ] || return 1 # a path stops at its first failure
  N=$((N + 1))
  LOG+=("$N. $kind $what")
  case $kind in
    click) point "$1" && xdotool click 1 ;;
    dclick) point "$1" && xdotool click --repeat 2 --delay 80 1 ;;
    key) xdotool key --clearmodifiers "$1" ;;
    type) xdotool type --delay 25 -- "$1" ;;
    scroll) point "$1" && xdotool click --repeat "${2:-40}" --delay 10 5 ;;
    allow) wait_for "the consent page to be visited" "test -s '$BROWSER_LOG'" ;;
    *) false ;;
  esac || { FAILED="${FAILED:-action $N ($kind $what) failed}"; return 1; }
  sleep 0.4 # let the window draw before the next action
  [ -z "${PATHS_STEPS:-}" ] || import -window root "$out/$path-step$(printf %02d "$N").png"
}

# point PLACE: moves the pointer there (not an action); the window needs the
# motion before a click or a wheel turn lands where it should.
point() {
  local xy=(${AT[$1]})
  [ "${xy[0]}" != 0 ] || { echo "    no coordinates for $1 yet" >&2; return 1; }
  xdotool mousemove $((WX + xy[0] + 1)) $((WY + xy[1])) sleep 0.1 mousemove $((WX + xy[0])) $((WY + xy[1]))
  sleep 0.2
}

# wait_for DESCRIPTION COMMAND: polls COMMAND for 20 s.
wait_for() {
  [ -z "$FAILED" ] || return 1
  for _ in $(seq 1 100); do eval "$2" >/dev/null 2>&1 && return 0; sleep 0.2; done
  FAILED="timed out waiting for $1"
  return 1
}

shot() { import -window root "$out/$1.png"; }

# look_at_end PLACE NAME: not an action; scrolls the form under PLACE as far
# as it goes and keeps a screenshot of what the mouse can reach.
look_at_end() {
  point "$1" || return 1
  xdotool click --repeat 60 --delay 10 5
  sleep 0.5
  shot "$2"
}

# online NAME…: each named connection is Online by status --json and passes a test.
online() {
  local n
  for n in "$@"; do
    zc status "$n" --json 2>/dev/null | grep -q '"status": "online"' || return 1
  done
}
verify() {
  local n
  for n in "$@"; do
    zc status "$n" --json >>"$out/$path.status.json" 2>&1 ||
      { FAILED="$n is not Online ($(grep -o '"status": "[a-z_]*"' "$out/$path.status.json" | head -1))"; return 1; }
    zc test "$n" >>"$out/$path.test.txt" 2>&1 ||
      { FAILED="zoomconn test '$n' failed: $(tail -1 "$out/$path.test.txt")"; return 1; }
    echo "    $(tail -1 "$out/$path.test.txt")"
  done
}

# start_app: fresh data folder seeded by the path's seed_ function, then the window.
start_app() {
  local run="$tmp/run-$path"
  mkdir -p "$run/data" "$run/config" "$run/cache"
  export ZOOMCONN_HOME="$run/data" XDG_CONFIG_HOME="$run/config" XDG_CACHE_HOME="$run/cache"
  export BROWSER_LOG="$run/browser.log"
  : >"$BROWSER_LOG"
  zc settings set redirect-port "$PORT" >/dev/null
  "seed_$fn"
  "$bin" >"$out/$path.app.log" 2>&1 &
  app=$!
  WID=$(timeout 20 xdotool search --sync --onlyvisible --name "^Zoom Connections$" | head -1)
  xdotool windowfocus --sync "$WID" 2>/dev/null || true
  sleep 1.5 # the first frame and the document
  eval "$(xdotool getwindowgeometry --shell "$WID")"
  WX=$X WY=$Y
  [ "$WIDTH" = 1180 ] && [ "$HEIGHT" = 760 ] || echo "    note: the window is ${WIDTH}x$HEIGHT, the coordinates are for 1180x760"
}
stop_app() { kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true; app=""; }

jwt() { # NAME KEY: records a JWT connection on the test server's Custom environment
  printf '%s' "jwt-secret-$2" | zc connection add --name "$1" --auth jwt --api-key "$2" \
    --environment custom --oauth-base "$ZOOM" --api-base "$ZOOM" >/dev/null
}
iclient() { # NAME SECRET
  printf '%s' "$2" | zc iclient add --name "$1" --client-id cid --environment custom \
    --oauth-base "$ZOOM" --api-base "$ZOOM" >/dev/null 2>&1
}

# ---------------------------------------------------------------------------
# The paths. seed_X prepares the data folder (not counted); path_X acts.
# ---------------------------------------------------------------------------

# 1. JWT connection → Online with the mouse, a new iClient made with + from
# the app's public client ID.
seed_mouse() { jwt "Webinar sync" jwtKey123; }
path_mouse() {
  # Not counted: how far the JWT editor scrolls (mouse-editor-end.png).
  # Migrate to OAuth 2.0 is over the form, in sight as the editor opens.
  act dclick "(look) the row" first_row
  sleep 1
  shot mouse-editor-open
  look_at_end ed_body mouse-editor-end
  point ed_cancel && xdotool click 1
  sleep 0.5
  N=0 LOG=()
  act dclick "the row Webinar sync (opens Edit connection)" first_row
  act click "Migrate to OAuth 2.0 (no iClient yet: Create iClient opens, a public client ID, focus on Client ID)" ed_migrate
  act type "the public client ID" pub
  act click "Copy (the Redirect URL, for the app in Zoom; in sight, no scroll)" ic_copy
  act click "Save & authorize" ic_save_auth
  act allow "Allow, on Zoom's page" -
  wait_for "the connection to turn Online" "online 'Webinar sync'" || return 1
  sleep 1.5 # the dialog closes by itself; the page's footer says Online (the end screenshot)
  verify "Webinar sync"
}

# 1b. The same with a Client ID and secret (an app without the public option).
seed_mouse_secret() { jwt "Webinar sync" jwtKey123; }
path_mouse_secret() {
  act dclick "the row Webinar sync (opens Edit connection)" first_row
  act click "Migrate to OAuth 2.0 (Create iClient opens)" ed_migrate
  act click "Client ID and Client secret (focus back on Client ID)" ic_kind_secret
  act type "the Client ID" cid
  act click "the Client secret field" ic_secret
  act type "the Client secret" csecret
  act click "Copy (the Redirect URL)" ic_copy_s
  act click "Save & authorize" ic_save_auth
  act allow "Allow, on Zoom's page" -
  wait_for "the connection to turn Online" "online 'Webinar sync'" || return 1
  sleep 1.5
  verify "Webinar sync"
}

# 1c. JWT → Server-to-Server OAuth from the editor: Create iClient asks for
# the Account ID with the credentials; its Save & authorize ends Online.
seed_s2s() { jwt "Usage export" jwtKey456; }
path_s2s() {
  act dclick "the row Usage export (opens Edit connection)" first_row
  act click "Migrate to Server-to-Server OAuth (no iClient yet: Create iClient opens)" ed_migrate_s2s
  act type "the Account ID (focused)" acct-s2s
  act click "the Client ID field" s2s_client_id
  act type "the Client ID" cid
  act click "the Client secret field" s2s_secret
  act type "the Client secret" csecret
  act click "Save & authorize (saves the iClient and the connection, gets a token)" s2s_save_auth
  wait_for "the connection to turn Online" "online 'Usage export'" || return 1
  sleep 1.5
  verify "Usage export"
}

# 1d. A sign-in Zoom ended (revoked there): the window's own check at start
# turns every connection of it into Reconnect needed; one Reconnect brings
# them all back.
seed_recover() {
  printf '%s' csecret | zc iclient add --name "Acme app" --client-id cid --app-type user --environment custom \
    --oauth-base "$ZOOM" --api-base "$ZOOM" >/dev/null 2>&1
  local n
  for n in "Reports" "Webinar sync" "Ops dashboard"; do
    zc connection add --name "$n" --auth oauth2 --iclient "Acme app" >/dev/null
    zc authorize "$n" --timeout 60s >/dev/null 2>&1
  done
  # Revoked in Zoom (an admin removed it there): this computer does not know.
  curl -sS --noproxy '*' -u cid:csecret -d "token=$(zc token Reports)" "$ZOOM/oauth/revoke" >/dev/null
  : >"$BROWSER_LOG"
}
path_recover() {
  wait_for "the window's check to mark every row" \
    "(for n in Reports 'Webinar sync' 'Ops dashboard'; do { zc status \"\$n\" --json || true; } | grep -q reconnect_needed || exit 1; done)" || return 1
  sleep 1
  shot recover-before
  act click "… on the row Ops dashboard (the first, by name)" row_more
  act click "Reconnect" menu_reconnect
  act allow "Allow, on Zoom's page" -
  wait_for "all three to turn Online" "online Reports 'Webinar sync' 'Ops dashboard'" || return 1
  sleep 1.5
  verify Reports "Webinar sync" "Ops dashboard"
}

# 2. The main path with the keyboard only.
seed_keyboard() { jwt "Webinar sync" jwtKey123; }
path_keyboard() {
  act key "Ctrl+F (search)" ctrl+f
  act type "webinar" webinar
  act key "Enter (opens the only match)" Return
  act key "Enter (Migrate to OAuth 2.0; no iClient yet: Create iClient opens)" Return
  act type "the public client ID" pub
  act key "Tab (the Redirect URL field)" Tab
  act key "Tab (Copy)" Tab
  act key "Enter (Copy)" Return
  act key "Shift+Tab (the Redirect URL field)" shift+Tab
  act key "Enter (Save & authorize)" Return
  act allow "Allow, on Zoom's page" -
  wait_for "the connection to turn Online" "online 'Webinar sync'" || return 1
  sleep 1.5 # the run closes by itself; the page's footer says Online
  verify "Webinar sync"
}

# 3. Recovering from a wrong Client secret, from the error dialog.
seed_wrong_secret() { jwt "Webinar sync" jwtKey123; iclient "Acme app" wrong-secret; }
path_wrong_secret() {
  # To the error (not counted): Edit connection → OAuth 2.0 → Save & authorize.
  N=0
  act dclick "the row Webinar sync" first_row
  act click "Migrate to OAuth 2.0" ed_migrate
  act click "Save & authorize (the only iClient is chosen already)" ed_save_auth
  act allow "Allow, on Zoom's page" -
  sleep 3 # the token exchange fails; the run shows Enter the Client secret…
  shot "$path-error"
  : >"$BROWSER_LOG"
  LOG=("(to the error, not counted: ${LOG[*]})")
  N=0
  act click "Enter the Client secret…" err_fix
  act type "the Client secret" csecret
  act click "Save (saves and retries)" eic_save
  # The retry redeems the approval already given when Zoom still takes its
  # code; when it does not, it opens a new consent, whose Allow counts.
  wait_for "the connection to turn Online" "online 'Webinar sync'" || return 1
  if [ -s "$BROWSER_LOG" ]; then
    act allow "Allow, on Zoom's page (the retry asked for a new consent)" -
  else
    LOG+=("(no consent page was opened by the retry: no Allow)")
  fi
  sleep 1.5 # the dialog closes by itself once Online: no Close
  verify "Webinar sync"
}

# 4. Migrate all… for 2 connections with an existing iClient.
seed_migrate_all() { jwt "Legacy 01" key-01; jwt "Legacy 02" key-02; iclient "Acme OAuth app" csecret; }
path_migrate_all() {
  act click "Migrate all…" migrate_all
  act click "OAuth 2.0 (the iClient is chosen already)" mz_oauth2
  act click "Next" mz_next
  act click "Start migration" mz_start
  act allow "Allow, on Zoom's page" -
  wait_for "both connections to turn Online" "online 'Legacy 01' 'Legacy 02'" || return 1
  sleep 1
  act click "Close" mz_close
  verify "Legacy 01" "Legacy 02"
}

# ---------------------------------------------------------------------------
rows=()
fail=0
for path in "${paths[@]}"; do
  fn=${path//-/_}
  echo "==> $path"
  N=0 LOG=() FAILED=""
  start_app
  ok=ok
  "path_$fn" || FAILED=${FAILED:-"the end state was not reached"}
  if [ -n "$FAILED" ]; then ok=FAIL; echo "    FAIL: $FAILED"; fi
  sleep 0.5
  shot "$path"
  stop_app
  printf '%s\n' "${LOG[@]}" >"$out/$path.actions.txt"
  printf '    %s\n' "${LOG[@]}"
  [ "$ok" = ok ] && [ "$N" -gt "${GOAL[$path]}" ] && ok="FAIL (over the goal)"
  [ "$ok" = ok ] || fail=1
  rows+=("$(printf '%-14s %7s    ≤ %-3s %s' "$path" "$N" "${GOAL[$path]}" "$ok")")
done

echo
printf '%-14s %7s %7s  %s\n' path actions goal result
printf '%s\n' "${rows[@]}"
exit $fail
