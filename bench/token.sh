#!/usr/bin/env bash
# Benchmark of `zoomconn token NAME` with a valid stored token, as a whole
# process, beside `secret-tool lookup` of the same keyring entry (the floor),
# in one private D-Bus session with gnome-keyring. The two run alternately
# (A, B, A, B…) so both see the same load on a shared machine. Prints both
# medians and the ratio (target: ≤ 1.25x, the price of reading through
# godbus, a library, rather than a D-Bus client of our own).
#
#   bench/token.sh [RUNS]        (default 30; hyperfine, when installed, adds its summary)
#   ZOOMCONN_BIN=path bench/token.sh   benchmarks that binary instead of building
#                                the console build (-tags console, CGO_ENABLED=0)
#
# The connection is set up as after a successful authorize: Online, with a
# sign-in whose token (access and refresh tokens of Zoom's size, valid for a
# day) is in the keyring. Leaves no daemon running and touches neither the
# real "zoomconn" keyring service nor the real data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
export LANG=en_US.UTF-8
runs=${1:-30}

if [ -z "${ZC_BENCH_INNER:-}" ]; then
  for tool in dbus-run-session gnome-keyring-daemon secret-tool python3; do
    command -v "$tool" >/dev/null || { echo "bench/token.sh needs $tool (apt-get install dbus gnome-keyring libsecret-tools python3)" >&2; exit 1; }
  done
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if [ -n "${ZOOMCONN_BIN:-}" ]; then
    cp "$ZOOMCONN_BIN" "$tmp/zoomconn"
  else
    version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
    echo "building the console build (-tags console, CGO_ENABLED=0)…" >&2
    CGO_ENABLED=0 go build -tags console -trimpath -ldflags "-s -w -X main.version=$version" -o "$tmp/zoomconn" .
  fi
  mkdir -p "$tmp/data"
  ZC_BENCH_INNER=1 ZC_TMP="$tmp" XDG_DATA_HOME="$tmp/data" \
    dbus-run-session -- "$0" "$runs" 2> >(grep -v "Failed to set fd limit" >&2)
  exit
fi

# Inside the private session.
echo -n bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
tmp=$ZC_TMP
zc=$tmp/zoomconn
export ZOOMCONN_HOME=$tmp/home ZOOMCONN_KEYRING_SERVICE=zoomconn-bench

printf '%s' "bench-client-secret" | "$zc" iclient add --name Bench --client-id bench-client \
  --environment custom --oauth-base http://127.0.0.1:9 --api-base http://127.0.0.1:9 >/dev/null
"$zc" connection add --name Bench --auth oauth2 --iclient Bench >/dev/null
si=$(python3 - "$ZOOMCONN_HOME/zoomconn.json" <<'EOF'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
c = d["connections"][0]
si = "bench0signin0001"
user = {"user_id": "u1", "email": "bench@example.com"}
d["signins"] = [{"id": si, "iclient_id": c["iclient_id"], "user": user, "authorized": c["created"], "created": c["created"]}]
c.update(status="online", signin_id=si, authorized_as=user, authorized_at=c["created"])
json.dump(d, open(p, "w"), indent=2)
print(si)
EOF
)
jwt() { python3 -c 'import secrets; print("eyJ" + secrets.token_urlsafe(660))'; }
access=$(jwt)
refresh=$(jwt)
expiry=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
printf '{"access_token":"%s","refresh_token":"%s","token_type":"bearer","expiry":"%s","api_url":"https://api.zoom.us","scope":"user:read:user"}' \
  "$access" "$refresh" "$expiry" |
  secret-tool store --label "bench token" service zoomconn-bench username "signin/$si/token"

got=$("$zc" token Bench)
[ "$got" = "$access" ] || { echo "zoomconn token did not print the stored token" >&2; exit 1; }

token_cmd="$zc token Bench"
floor_cmd="secret-tool lookup service zoomconn-bench username signin/$si/token"

read -r token_ms floor_ms < <(python3 bench/alternate.py "$runs" "$token_cmd" "$floor_cmd")
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "$runs" -N "$token_cmd" "$floor_cmd" >&2 || true
fi
ratio=$(python3 -c "print(f'{$token_ms/$floor_ms:.2f}')")
echo "zoomconn token (median of $runs):        ${token_ms} ms"
echo "secret-tool lookup (median, floor):   ${floor_ms} ms"
echo "ratio:                                ${ratio}x (target ≤ 1.25x)"
