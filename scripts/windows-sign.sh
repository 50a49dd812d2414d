#!/usr/bin/env bash
# Signs Windows programs and installers (.exe, .com, .msi) in place with
# osslsigncode and verifies each signature. The certificate, first match wins:
#   ZOOMCONN_SIGN_CERT + ZOOMCONN_SIGN_KEY   PEM paths of a code-signing certificate
#       (chain allowed) and its key; optional ZOOMCONN_SIGN_PASS_FILE (key
#       passphrase), ZOOMCONN_SIGN_TIMESTAMP_URL, ZOOMCONN_SIGN_CAFILE (roots
#       to verify against; default: the system's).
#   --ci-sign, or CI=true                     a throwaway self-signed certificate,
#       so the release path is exercised and verified on every CI run.
#   otherwise (or --no-sign)                  unsigned.
# The last line it prints is "signed by SUBJECT" or "unsigned".
# Usage: scripts/windows-sign.sh [--ci-sign] [--no-sign] FILE...
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,13s/^# \{0,1\}//p' "$0"; }

sign=none
[ "${CI:-}" = true ] && sign=ci
files=()
for arg in "$@"; do
  case $arg in
    --ci-sign) sign=ci ;;
    --no-sign) sign=none ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) files+=("$arg") ;;
  esac
done
[ ${#files[@]} -gt 0 ] || { usage >&2; exit 2; }
if [ -n "${ZOOMCONN_SIGN_CERT:-}${ZOOMCONN_SIGN_KEY:-}" ]; then
  if [ -z "${ZOOMCONN_SIGN_CERT:-}" ] || [ -z "${ZOOMCONN_SIGN_KEY:-}" ]; then
    echo "windows-sign: set both ZOOMCONN_SIGN_CERT and ZOOMCONN_SIGN_KEY (PEM paths), or neither" >&2
    exit 2
  fi
  sign=release
fi
if [ "$sign" = none ]; then
  echo "unsigned"
  exit 0
fi

website=$(awk -F'"' '/^[[:space:]]*Website[[:space:]]*=/ { print $2; exit }' FyneApp.toml)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cert=${ZOOMCONN_SIGN_CERT:-}
key=${ZOOMCONN_SIGN_KEY:-}
cafile=${ZOOMCONN_SIGN_CAFILE:-}
if [ "$sign" = ci ]; then
  echo "==> signing with a throwaway self-signed certificate (CI)"
  cert=$tmp/ci-cert.pem
  key=$tmp/ci-key.pem
  cafile=$cert
  openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 1 -keyout "$key" -out "$cert" \
    -subj "/CN=Zoom Connections CI throwaway signing" \
    -addext "keyUsage=critical,digitalSignature" \
    -addext "extendedKeyUsage=codeSigning" 2>/dev/null
else
  echo "==> signing with $cert"
fi
args=(sign -h sha256 -certs "$cert" -key "$key" -n "Zoom Connections")
[ -n "$website" ] && args+=(-i "$website")
[ -n "${ZOOMCONN_SIGN_PASS_FILE:-}" ] && args+=(-readpass "$ZOOMCONN_SIGN_PASS_FILE")
[ -n "${ZOOMCONN_SIGN_TIMESTAMP_URL:-}" ] && args+=(-ts "$ZOOMCONN_SIGN_TIMESTAMP_URL")
for f in "${files[@]}"; do
  name=$(basename "$f")
  signed=$tmp/signed-$name
  osslsigncode "${args[@]}" -in "$f" -out "$signed" >"$tmp/sign.log" 2>&1 ||
    { cat "$tmp/sign.log" >&2; echo "windows-sign: signing $name failed" >&2; exit 1; }
  verify=(verify -in "$signed")
  [ -n "$cafile" ] && verify+=(-CAfile "$cafile")
  if ! osslsigncode "${verify[@]}" >"$tmp/verify.log" 2>&1; then
    cat "$tmp/verify.log" >&2
    echo "windows-sign: the signature of $name does not verify (a certificate whose root is not in the system's store? name the roots in ZOOMCONN_SIGN_CAFILE)" >&2
    exit 1
  fi
  echo "    $name:"
  grep -E '^(Signature verification|Number of verified signatures|Succeeded)' "$tmp/verify.log" | sed 's/^/      /' || true
  cat "$signed" >"$f" # in place, keeping the file's mode
done
subject=$(openssl x509 -in "$cert" -noout -subject 2>/dev/null | sed 's/^subject= *//')
[ "$sign" = ci ] && subject="$subject (self-signed, CI)"
echo "signed by $subject"
