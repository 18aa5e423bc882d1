#!/usr/bin/env bash
# Turns the frozen app (dist/parley, from packaging/build.py) into the Linux artifacts:
#   dist/parley-VERSION-linux-ARCH.tar.gz   unpack, run ./install.sh (no root needed)
#   dist/parley-chat_VERSION_DEBARCH.deb    apt install ./parley-chat_….deb
# Usage: packaging/linux/package.sh [PYTHON]   (PYTHON: the build environment's, to read the version)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${1:-python3}
APP_ID=io.github.parleychat.Parley
VERSION=$("$PY" -c 'import parley.core; print(parley.core.__version__)')
ARCH=$(uname -m)
DEB_ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
GENERATED=build/packaging/generated
[ -x dist/parley/parley ] || { echo "package.sh: no dist/parley; run packaging/build.py first" >&2; exit 1; }
[ -d "$GENERATED/icons/hicolor" ] || { echo "package.sh: no generated icons in $GENERATED" >&2; exit 1; }

# ---------------------------------------------------------------- the tarball
name="parley-$VERSION-linux-$ARCH"
stage=build/packaging/$name
rm -rf "$stage" && mkdir -p "$stage/share/applications" "$stage/share/metainfo" "$stage/share/icons"
cp -R dist/parley "$stage/parley"
cp "resources/linux/$APP_ID.desktop" "$stage/share/applications/"
cp "resources/linux/$APP_ID.metainfo.xml" "$stage/share/metainfo/"
cp -R "$GENERATED/icons/hicolor" "$stage/share/icons/hicolor"
install -m 755 packaging/linux/install.sh "$stage/install.sh"
cat > "$stage/README.txt" <<EOF
Parley $VERSION for Linux ($ARCH)

Install for yourself:   ./install.sh            (into ~/.local; no root needed)
Install for everyone:   sudo ./install.sh       (into /usr/local)
Run without installing: ./parley/parley
Uninstall:              ./install.sh --uninstall   (your chats and settings are kept)

Needs the desktop's own glib, fontconfig, freetype, D-Bus and OpenGL libraries (every desktop
has them); install.sh names any that are missing. The API key is kept in the system keyring
(GNOME Keyring, KWallet or KeePassXC's Secret Service), or read from ANTHROPIC_API_KEY.
EOF
tar -C build/packaging -czf "dist/$name.tar.gz" "$name"
echo "==> dist/$name.tar.gz ($(du -m "dist/$name.tar.gz" | cut -f1) MB)"

# ---------------------------------------------------------------- the .deb
deb_root=build/packaging/deb-root
rm -rf "$deb_root" && mkdir -p "$deb_root/DEBIAN"
DESTDIR="$PWD/$deb_root" "$stage/install.sh" --prefix /usr
mkdir -p "$deb_root/usr/share/doc/parley-chat"
cat > "$deb_root/usr/share/doc/parley-chat/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Parley
License: MIT
Comment: Bundles Qt (LGPL-3.0, via PySide6), CPython (PSF-2.0) and Python packages under their own licences.
EOF
installed_kb=$(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)
cat > "$deb_root/DEBIAN/control" <<EOF
Package: parley-chat
Version: $VERSION
Architecture: $DEB_ARCH
Maintainer: The Parley developers <parley@users.noreply.github.com>
Installed-Size: $installed_kb
Section: net
Priority: optional
Depends: libc6 (>= 2.28), libstdc++6, libgcc-s1, libglib2.0-0, libfontconfig1, libfreetype6, libdbus-1-3, libgl1, libegl1, libgssapi-krb5-2
Recommends: libgtk-3-0, gnome-keyring | kwalletmanager | keepassxc, fonts-noto-cjk
Conflicts: parley
Description: desktop chat client for Claude, with offline history
 Parley talks to Anthropic's Claude models directly or through the AIHubMix
 proxy, streams the answer and the thinking summary, keeps every conversation
 in a local, searchable history, and compares models side by side.
 .
 Conflicts with KDE's vocabulary trainer "parley", which also installs
 /usr/bin/parley.
EOF
# xz at level 6: readable by every dpkg (zstd needs dpkg >= 1.21.18); PARLEY_DEB_COMPRESSION=zstd for speed.
dpkg-deb --root-owner-group -Z"${PARLEY_DEB_COMPRESSION:-xz}" --build "$deb_root" \
  "dist/parley-chat_${VERSION}_${DEB_ARCH}.deb" >/dev/null
echo "==> dist/parley-chat_${VERSION}_${DEB_ARCH}.deb ($(du -m "dist/parley-chat_${VERSION}_${DEB_ARCH}.deb" | cut -f1) MB)"
