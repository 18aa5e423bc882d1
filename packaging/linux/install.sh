#!/bin/sh
# Installs Parley from this unpacked tarball (it also lays out the .deb's files).
#
#   ./install.sh                    for you only: ~/.local (no root needed)
#   sudo ./install.sh               for everyone: /usr/local
#   ./install.sh --prefix DIR       anywhere else
#   ./install.sh --uninstall        removes what an earlier install put there (your history stays)
#
# Files: PREFIX/lib/parley/ (the app), PREFIX/bin/parley, the menu entry, the AppStream metadata and
# the icons under PREFIX/share. With DESTDIR set (packaging), files go under DESTDIR but name PREFIX.
set -eu

APP_ID=io.github.parleychat.Parley
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -eq 0 ]; then PREFIX=/usr/local; else PREFIX="$HOME/.local"; fi
DESTDIR=${DESTDIR:-}
ACTION=install

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=${2:?--prefix needs a directory}; shift 2 ;;
    --prefix=*) PREFIX=${1#--prefix=}; shift ;;
    --uninstall) ACTION=uninstall; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$PREFIX" in /*) ;; *) PREFIX="$(pwd)/$PREFIX" ;; esac
ROOT="$DESTDIR$PREFIX"
APPDIR="$ROOT/lib/parley"

if [ "$ACTION" = uninstall ]; then
  if [ -x "$APPDIR/uninstall.sh" ]; then exec "$APPDIR/uninstall.sh"; fi
  echo "Parley is not installed in $PREFIX (no $APPDIR/uninstall.sh)." >&2
  exit 1
fi

[ -x "$HERE/parley/parley" ] || { echo "install.sh: run it from the unpacked Parley folder" >&2; exit 1; }

# The app folder: copied beside the old one, then swapped in, so a failed copy leaves the old one working.
mkdir -p "$ROOT/lib" "$ROOT/bin"
rm -rf "$APPDIR.new"
cp -R "$HERE/parley" "$APPDIR.new"
rm -rf "$APPDIR.old"
[ ! -e "$APPDIR" ] || mv "$APPDIR" "$APPDIR.old"
mv "$APPDIR.new" "$APPDIR"
rm -rf "$APPDIR.old"
ln -sfn ../lib/parley/parley "$ROOT/bin/parley"

installed="$PREFIX/bin/parley"
copy() {  # copy SOURCE RELATIVE-TARGET-UNDER-PREFIX
  mkdir -p "$(dirname "$ROOT/$2")"
  cp "$1" "$ROOT/$2"
  installed="$installed
$PREFIX/$2"
}
desktop="share/applications/$APP_ID.desktop"
mkdir -p "$ROOT/share/applications"
# The menu entry starts this copy by its full path: ~/.local/bin is often not on a desktop session's PATH.
# (Exec quotes a path with spaces, as the Desktop Entry spec asks; TryExec takes the bare path.)
exec_path="$PREFIX/bin/parley"
case "$exec_path" in *" "*) exec_arg="\"$exec_path\"" ;; *) exec_arg=$exec_path ;; esac
sed -e "s|^Exec=parley|Exec=$exec_arg|" -e "s|^TryExec=parley|TryExec=$exec_path|" \
  "$HERE/share/applications/$APP_ID.desktop" > "$ROOT/$desktop"
installed="$installed
$PREFIX/$desktop"
copy "$HERE/share/metainfo/$APP_ID.metainfo.xml" "share/metainfo/$APP_ID.metainfo.xml"
for icon in "$HERE"/share/icons/hicolor/*/apps/*; do
  copy "$icon" "${icon#"$HERE"/}"
done

if [ -n "$DESTDIR" ]; then
  exit 0  # a package build: the package manager removes files and refreshes menus itself
fi

# The uninstaller knows exactly what this install wrote, and leaves the user's history alone.
{
  echo "#!/bin/sh"
  echo "# Removes Parley from $PREFIX (written by install.sh). Your chats and settings are not touched."
  echo "set -u"
  echo "$installed" | while IFS= read -r f; do printf 'rm -f "%s"\n' "$f"; done
  printf 'rm -rf "%s"\n' "$PREFIX/lib/parley"
  printf 'command -v update-desktop-database >/dev/null && update-desktop-database -q "%s" 2>/dev/null\n' \
    "$PREFIX/share/applications"
  printf 'command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f "%s" 2>/dev/null\n' \
    "$PREFIX/share/icons/hicolor"
  echo "echo \"Parley removed from $PREFIX. Your chats and settings are kept (in ~/.local/share/Parley and ~/.config/Parley).\""
  echo "exit 0"
} > "$APPDIR/uninstall.sh"
chmod +x "$APPDIR/uninstall.sh"

if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$PREFIX/share/applications" 2>/dev/null || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t -f "$PREFIX/share/icons/hicolor" 2>/dev/null || true
fi

echo "Parley $("$PREFIX/bin/parley" --version | cut -d' ' -f2) installed in $PREFIX."
echo "Start it from your applications menu, or run: $PREFIX/bin/parley"
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "(Add $PREFIX/bin to your PATH to run 'parley' by name.)" ;; esac

# The libraries Parley takes from the system (the .deb's dependencies): name any that are missing.
missing=$(for lib in "$APPDIR"/_internal/PySide6/Qt/plugins/platforms/*.so "$APPDIR"/_internal/libQt6Gui.so.6; do
  ldd "$lib" 2>/dev/null | sed -n 's/^[[:space:]]*\([^ ]*\) => not found.*/\1/p'
done | sort -u | tr '\n' ' ')
if [ -n "$missing" ]; then
  echo "Warning: these system libraries are missing: $missing" >&2
  echo "  Debian/Ubuntu: sudo apt install libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libgl1 libegl1" >&2
  echo "  Fedora:        sudo dnf install glib2 fontconfig freetype dbus-libs mesa-libGL mesa-libEGL" >&2
fi
