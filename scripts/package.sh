#!/usr/bin/env bash
# Builds the Linux package: dist/zoomconn-<version>-linux-<arch>.tar.xz, a
# release binary wrapped by `fyne package` with its .desktop entry, icon and
# a Makefile (make user-install / sudo make install). FyneApp.toml is left
# byte for byte as it was. The tarball is then checked and test-installed
# into temporary folders. Usage: scripts/package.sh   (make package)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$PATH:/usr/local/go/bin"
export PATH="$PATH:$(go env GOPATH)/bin"

fyne_version=v1.7.4
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

echo "==> building the release binary (version $version)"
mkdir -p "$work/bin"
go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$work/bin/zoomconn" .

echo "==> fyne package"
# fyne package wants the source folder (for FyneApp.toml and the Go code)
# and rewrites FyneApp.toml there (it bumps Build): put it back at once.
rm -f "Zoom Connections.tar.xz"
"$fyne" package --os linux --executable "$work/bin/zoomconn" \
  --icon assets/icon.png --name "Zoom Connections" --app-id io.github.zoomconn --release
cp -p "$work/FyneApp.toml.orig" FyneApp.toml
mkdir -p dist
mv "Zoom Connections.tar.xz" "$out"

echo "==> checking $out"
tar tf "$out" | sort > "$work/contents"
for want in zoomconn/Makefile zoomconn/usr/local/bin/zoomconn \
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
for f in usr/bin/zoomconn usr/share/applications/io.github.zoomconn.desktop usr/share/pixmaps/io.github.zoomconn.png; do
  [ -e "$work/root/$f" ] || { echo "package.sh: make install did not install /$f" >&2; exit 1; }
done
make -s -C "$work/x/zoomconn" user-install HOME="$work/home" >/dev/null
[ -x "$work/home/.local/bin/zoomconn" ] || { echo "package.sh: make user-install did not install the binary" >&2; exit 1; }
grep -qx "Exec=$work/home/.local/bin/zoomconn" "$work/home/.local/share/applications/io.github.zoomconn.desktop" ||
  { echo "package.sh: make user-install did not point the .desktop entry at the binary" >&2; exit 1; }
got=$(LANG=en_US.UTF-8 "$work/root/usr/bin/zoomconn" --version)
[ "$got" = "zoomconn $version" ] || { echo "package.sh: the installed binary says '$got', want 'zoomconn $version'" >&2; exit 1; }

cmp "$work/FyneApp.toml.orig" FyneApp.toml || { echo "package.sh: FyneApp.toml changed" >&2; exit 1; }
echo "==> $out ($(du -h "$out" | cut -f1)): binary, .desktop entry, icon and Makefile; installs with"
echo "    tar xf $out && cd zoomconn && make user-install      (or: sudo make install)"
