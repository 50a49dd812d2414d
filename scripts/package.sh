#!/usr/bin/env bash
# Builds the packages, each with the desktop program and its console twin
# (the command line without Fyne, -tags console):
#   dist/zoomconn-<version>-linux-<arch>.tar.xz   zoomconn and zoomconn-console,
#       wrapped by `fyne package` with the .desktop entry, icon and a Makefile
#       (make user-install / sudo make install install both)
#   dist/zoomconn-<version>-windows-amd64.zip     zoomconn.exe and zoomconn.com
#       (scripts/windows-build.sh; signed as it signs)
# FyneApp.toml is left byte for byte as it was. The tarball is checked and
# test-installed into temporary folders, the zip checked.
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
  *) sed -n '2,12s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
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
