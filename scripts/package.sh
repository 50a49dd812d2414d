#!/usr/bin/env bash
# Builds the packages, each with the desktop program and its console twin
# (the command line without Fyne, -tags console):
#   dist/zoomconn-<version>-linux-<arch>.tar.xz   zoomconn and zoomconn-console,
#       wrapped by `fyne package` with the .desktop entry, icon and a Makefile
#       (make user-install / sudo make install install both)
#   dist/zoomconn-<version>-darwin-arm64.tar.gz, -darwin-amd64.tar.gz
#       the command line for macOS (CGO_ENABLED=0 GOOS=darwin -tags console),
#       and dist/homebrew/zoomconn.rb, packaging/homebrew's formula with their
#       sha256 (the window for macOS needs a Mac: see the README)
#   dist/zoomconn-<version>-windows-amd64.zip     zoomconn.exe and zoomconn.com
#       (scripts/windows-build.sh; signed as it signs)
#   dist/zoomconn-<version>-windows-amd64.msi     their installer (scripts/windows-msi.sh)
#   dist/winget/Zoomconn.ZoomConnections/<version>/   its winget manifests (version,
#       defaultLocale, installer with the MSI's InstallerSha256 and ProductCode)
# Download addresses in the manifests: ZOOMCONN_RELEASE_URL (default: the
# Website's GitHub release of v<version>); License: ZOOMCONN_LICENSE.
# FyneApp.toml is left byte for byte as it was. The tarball is checked and
# test-installed into temporary folders, the other packages checked.
# Usage: scripts/package.sh [--linux-only]   (make package)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$PATH:/usr/local/go/bin"
export PATH="$PATH:$(go env GOPATH)/bin"

fyne_version=v1.7.4
windows=true
case "${1:-}" in
  --linux-only) windows=false ;;
  "") ;;
  *) sed -n '2,22s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
scripts/deps.sh build

version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
[ -n "$version" ] || { echo "package.sh: no Version in FyneApp.toml" >&2; exit 1; }
arch=$(go env GOARCH)
out="dist/zoomconn-$version-linux-$arch.tar.xz"

work=$(mktemp -d)
cp -p FyneApp.toml "$work/FyneApp.toml.orig"
restore() {
  rm -f "$root/Zoom Connections.tar.xz"
  if ! cmp -s "$work/FyneApp.toml.orig" "$root/FyneApp.toml"; then
    cp -p "$work/FyneApp.toml.orig" "$root/FyneApp.toml"
    echo "package.sh: restored FyneApp.toml" >&2
  fi
  rm -rf "$work"
}
trap restore EXIT

# The packaging tool, pinned: the one on PATH if it is that version, else a
# cached private copy.
fyne=$(command -v fyne || true)
if [ -z "$fyne" ] || ! "$fyne" version 2>&1 | grep -q "$fyne_version"; then
  gobin="${XDG_CACHE_HOME:-$HOME/.cache}/zoomconn/fyne-$fyne_version"
  if [ ! -x "$gobin/fyne" ]; then
    echo "==> installing the fyne tool $fyne_version"
    GOBIN="$gobin" GOFLAGS=-buildvcs=false go install "fyne.io/tools/cmd/fyne@$fyne_version"
  fi
  fyne="$gobin/fyne"
fi

echo "==> building the release binaries (version $version)"
mkdir -p "$work/bin"
go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$work/bin/zoomconn" .
CGO_ENABLED=0 go build -tags console -trimpath -ldflags "-s -w -X main.version=$version" -o "$work/bin/zoomconn-console" .

echo "==> fyne package"
# fyne package wants the source folder (for FyneApp.toml and the Go code)
# and rewrites FyneApp.toml there (it bumps Build): put it back at once.
rm -f "Zoom Connections.tar.xz"
"$fyne" package --os linux --executable "$work/bin/zoomconn" \
  --icon assets/icon.png --name "Zoom Connections" --app-id io.github.zoomconn --release
cp -p "$work/FyneApp.toml.orig" FyneApp.toml
mkdir -p dist

# The console twin goes beside the binary, and the Makefile installs and
# uninstalls it with it.
mkdir -p "$work/pkg"
tar xf "Zoom Connections.tar.xz" -C "$work/pkg"
rm -f "Zoom Connections.tar.xz"
install -m 0755 "$work/bin/zoomconn-console" "$work/pkg/zoomconn/usr/local/bin/zoomconn-console"
awk '
  { print }
  /^install:/        { print "\tinstall -Dm00755 usr/local/bin/zoomconn-console $(DESTDIR)$(PREFIX)/bin/zoomconn-console" }
  /^uninstall:/      { print "\t-rm $(DESTDIR)$(PREFIX)/bin/zoomconn-console" }
  /^user-install:/   { print "\tinstall -Dm00755 usr/local/bin/zoomconn-console $(DESTDIR)$(HOME)/.local/bin/zoomconn-console" }
  /^user-uninstall:/ { print "\t-rm $(DESTDIR)$(HOME)/.local/bin/zoomconn-console" }
' "$work/pkg/zoomconn/Makefile" >"$work/Makefile"
cp "$work/Makefile" "$work/pkg/zoomconn/Makefile"
tar -C "$work/pkg" -cJf "$out" zoomconn

echo "==> checking $out"
tar tf "$out" | sort > "$work/contents"
for want in zoomconn/Makefile zoomconn/usr/local/bin/zoomconn zoomconn/usr/local/bin/zoomconn-console \
  zoomconn/usr/local/share/applications/io.github.zoomconn.desktop \
  zoomconn/usr/local/share/pixmaps/io.github.zoomconn.png; do
  grep -qx "$want" "$work/contents" || { echo "package.sh: $want is missing from $out" >&2; cat "$work/contents" >&2; exit 1; }
done
mkdir -p "$work/x"
tar xf "$out" -C "$work/x"
desktop="$work/x/zoomconn/usr/local/share/applications/io.github.zoomconn.desktop"
for want in "Name=Zoom Connections" "Exec=zoomconn" "Icon=io.github.zoomconn" "Categories=Network;Utility;"; do
  grep -qx "$want" "$desktop" || { echo "package.sh: the .desktop entry lacks $want" >&2; cat "$desktop" >&2; exit 1; }
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop"
fi

# Its own Makefile installs it: system-wide into a staging root, and for
# one user into a scratch home.
make -s -C "$work/x/zoomconn" install DESTDIR="$work/root" PREFIX=/usr >/dev/null
for f in usr/bin/zoomconn usr/bin/zoomconn-console usr/share/applications/io.github.zoomconn.desktop usr/share/pixmaps/io.github.zoomconn.png; do
  [ -e "$work/root/$f" ] || { echo "package.sh: make install did not install /$f" >&2; exit 1; }
done
make -s -C "$work/x/zoomconn" user-install HOME="$work/home" >/dev/null
for f in zoomconn zoomconn-console; do
  [ -x "$work/home/.local/bin/$f" ] || { echo "package.sh: make user-install did not install $f" >&2; exit 1; }
done
grep -qx "Exec=$work/home/.local/bin/zoomconn" "$work/home/.local/share/applications/io.github.zoomconn.desktop" ||
  { echo "package.sh: make user-install did not point the .desktop entry at the binary" >&2; exit 1; }
for f in zoomconn zoomconn-console; do
  got=$(LANG=en_US.UTF-8 "$work/root/usr/bin/$f" --version)
  [ "$got" = "zoomconn $version" ] || { echo "package.sh: the installed $f says '$got', want 'zoomconn $version'" >&2; exit 1; }
done
if ldd "$work/root/usr/bin/zoomconn-console" >/dev/null 2>&1; then
  echo "package.sh: zoomconn-console is dynamically linked; it should need no library" >&2; exit 1
fi
make -s -C "$work/x/zoomconn" uninstall DESTDIR="$work/root" PREFIX=/usr >/dev/null
[ ! -e "$work/root/usr/bin/zoomconn-console" ] || { echo "package.sh: make uninstall left zoomconn-console" >&2; exit 1; }

cmp "$work/FyneApp.toml.orig" FyneApp.toml || { echo "package.sh: FyneApp.toml changed" >&2; exit 1; }
echo "==> $out ($(du -h "$out" | cut -f1)): zoomconn, zoomconn-console, .desktop entry, icon and Makefile; installs with"
echo "    tar xf $out && cd zoomconn && make user-install      (or: sudo make install)"

website=$(awk -F'"' '/^[[:space:]]*Website[[:space:]]*=/ { print $2; exit }' FyneApp.toml)
release_url=${ZOOMCONN_RELEASE_URL:-$website/releases/download/v$version}
release_url=${release_url%/}

# fill TEMPLATE OUT KEY=VALUE…: the template with every @KEY@ replaced and
# its "# Template:" line dropped; fails if any @…@ is left.
fill() {
  local in=$1 out=$2 expr=(-e '/^# Template: /d')
  shift 2
  for kv in "$@"; do
    expr+=(-e "s|@${kv%%=*}@|${kv#*=}|g")
  done
  mkdir -p "$(dirname "$out")"
  sed "${expr[@]}" "$in" >"$out"
  if grep -n '@[A-Z0-9_]*@' "$out" >&2; then
    echo "package.sh: $out has placeholders left" >&2
    exit 1
  fi
}

echo "==> macOS: the command line (CGO_ENABLED=0 GOOS=darwin -tags console)"
declare -A darwin_sha
for a in arm64 amd64; do
  d="$work/darwin-$a/zoomconn"
  mkdir -p "$d"
  CGO_ENABLED=0 GOOS=darwin GOARCH=$a go build -tags console -trimpath \
    -ldflags "-s -w -X main.version=$version" -o "$d/zoomconn" .
  # Mach-O, 64-bit, for the right processor (CPU_TYPE_ARM64, CPU_TYPE_X86_64).
  python3 - "$d/zoomconn" "$a" <<'PY'
import struct, sys
magic, cpu = struct.unpack_from("<II", open(sys.argv[1], "rb").read(8))
want = {"arm64": 0x0100000C, "amd64": 0x01000007}[sys.argv[2]]
assert magic == 0xFEEDFACF and cpu == want, (hex(magic), hex(cpu), sys.argv[2])
PY
  tgz="dist/zoomconn-$version-darwin-$a.tar.gz"
  tar -C "$work/darwin-$a" --owner=0 --group=0 --numeric-owner -czf "$tgz" zoomconn
  [ "$(tar tzf "$tgz")" = $'zoomconn/\nzoomconn/zoomconn' ] || { echo "package.sh: $tgz holds $(tar tzf "$tgz")" >&2; exit 1; }
  darwin_sha[$a]=$(sha256sum "$tgz" | cut -d' ' -f1)
  echo "==> $tgz ($(du -h "$tgz" | cut -f1)): zoomconn, the command line; sha256 ${darwin_sha[$a]}"
done
fill packaging/homebrew/zoomconn.rb dist/homebrew/zoomconn.rb VERSION="$version" WEBSITE="$website" \
  RELEASE_URL="$release_url" SHA256_ARM64="${darwin_sha[arm64]}" SHA256_AMD64="${darwin_sha[amd64]}"
if command -v ruby >/dev/null; then ruby -c dist/homebrew/zoomconn.rb >/dev/null; fi
echo "==> dist/homebrew/zoomconn.rb: the Homebrew formula, with both tarballs' sha256"

[ "$windows" = true ] || exit 0
echo "==> Windows: zoomconn.exe and zoomconn.com (scripts/windows-build.sh)"
VERSION=$version scripts/windows-build.sh
zip="dist/zoomconn-$version-windows-amd64.zip"
python3 - "$zip" dist/windows/zoomconn.exe dist/windows/zoomconn.com <<'EOF'
import os, sys, zipfile
out, files = sys.argv[1], sys.argv[2:]
with zipfile.ZipFile(out + ".tmp", "w", zipfile.ZIP_DEFLATED) as z:
    for f in files:
        z.write(f, "zoomconn/" + os.path.basename(f))
os.replace(out + ".tmp", out)
names = zipfile.ZipFile(out).namelist()
assert names == ["zoomconn/zoomconn.exe", "zoomconn/zoomconn.com"], names
EOF
echo "==> $zip ($(du -h "$zip" | cut -f1)): zoomconn.exe (the window and the command line) and zoomconn.com (the console twin)"

echo "==> Windows installer (scripts/windows-msi.sh)"
VERSION=$version scripts/windows-msi.sh | tee "$work/msi.log"
product=$(sed -n 's/^ProductCode //p' "$work/msi.log")
msi="dist/zoomconn-$version-windows-amd64.msi"
cp "dist/windows/zoomconn-$version-x64.msi" "$msi"
msi_sha=$(sha256sum "$msi" | cut -d' ' -f1 | tr a-f A-F)
echo "==> $msi ($(du -h "$msi" | cut -f1)): per machine into Program Files\Zoom Connections, on PATH, msiexec /i … /qn"

echo "==> winget manifests"
IFS=. read -r v1 v2 v3 _ <<<"${version%%[-+]*}"
wdir="dist/winget/Zoomconn.ZoomConnections/$version"
rm -rf "$wdir"
for m in Zoomconn.ZoomConnections.yaml Zoomconn.ZoomConnections.locale.en-US.yaml Zoomconn.ZoomConnections.installer.yaml; do
  fill "packaging/winget/$m" "$wdir/$m" VERSION="$version" VERSION3="${v1:-0}.${v2:-0}.${v3:-0}" WEBSITE="$website" \
    RELEASE_URL="$release_url" SHA256="$msi_sha" PRODUCT_CODE="$product" \
    UPGRADE_CODE="{3F1C7E52-5B0D-4C7A-9C55-2E4B8D6A1F08}" LICENSE="${ZOOMCONN_LICENSE:-Proprietary}"
done
# The manifests say what the MSI is: its hash, its ProductCode, and the
# fields winget requires.
python3 - "$wdir" "$msi" "$product" <<'PY'
import hashlib, os, re, sys
wdir, msi, product = sys.argv[1:]
text = {f: open(os.path.join(wdir, f)).read() for f in os.listdir(wdir)}
inst = text["Zoomconn.ZoomConnections.installer.yaml"]
sha = hashlib.sha256(open(msi, "rb").read()).hexdigest().upper()
assert "InstallerSha256: " + sha in inst, "InstallerSha256 is not the MSI's"
assert re.fullmatch(r"\{[0-9A-F-]{36}\}", product), product
assert inst.count("'" + product + "'") == 2, "ProductCode"
for f, fields in {
    "Zoomconn.ZoomConnections.yaml": ["PackageIdentifier", "PackageVersion", "DefaultLocale", "ManifestType", "ManifestVersion"],
    "Zoomconn.ZoomConnections.locale.en-US.yaml": ["PackageIdentifier", "PackageVersion", "PackageLocale", "Publisher", "PackageName", "License", "ShortDescription", "ManifestType", "ManifestVersion"],
    "Zoomconn.ZoomConnections.installer.yaml": ["PackageIdentifier", "PackageVersion", "InstallerType", "Commands", "UpgradeBehavior", "Installers", "ManifestType", "ManifestVersion"],
}.items():
    for k in fields:
        assert re.search("^" + k + ":", text[f], re.M), f + " lacks " + k
    assert "ManifestVersion: 1.28.0" in text[f]
PY
echo "==> $wdir: version, defaultLocale and installer manifests (ProductCode $product, InstallerSha256 $msi_sha)"
