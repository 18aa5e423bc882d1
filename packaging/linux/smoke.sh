#!/usr/bin/env bash
# Builds the Linux artifacts and proves they work, on this machine (slow: ~5 min; .ci/run calls it
# only with PARLEY_PACKAGING=1):
#   1. build the frozen app (packaging/build.py) and the .tar.gz and .deb (package.sh), timed;
#   2. check the menu entry and AppStream metadata with the freedesktop validators;
#   3. the .deb: its metadata, apt's dependency check (simulated; a real install and removal when
#      CI=true as root), unpacked into a scratch root;
#   4. the tarball: unpacked, install.sh into a scratch prefix, parley --version, uninstall;
#   5. the installed frozen app: tests/packaging/test_frozen.py (CLI against the fake API, the system
#      keyring in a D-Bus session, the window in English and Chinese), then the end-to-end test under
#      Xvfb (type a prompt, get the answer, screenshot, Ctrl+Q) with both installed copies;
#   6. the frozen app's start-up time, and the source install's, against a bare PySide6 window
#      (tests/perf/startup_bench.py).
# Screenshots go to $PARLEY_SHOTS (default shots/packaging/).
set -euo pipefail
cd "$(dirname "$0")/../.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONUNBUFFERED=1
VENV=${PARLEY_VENV:-.venv}               # the test environment (the fake API, pytest)
BUILD_VENV=${PARLEY_BUILD_VENV:-.venv-build}  # Parley installed as a user gets it, plus PyInstaller
PY=${PYTHON:-python3}
SHOTS=${PARLEY_SHOTS:-$PWD/shots/packaging}
step() { printf '\n==> %s\n' "$*"; }
elapsed() { echo $(($(date +%s) - $1)); }

step "Debian packages (validators, X server, keyring)"
pkgs=(desktop-file-utils appstream xvfb xauth xdotool imagemagick dbus gnome-keyring binutils fonts-noto-cjk)
packaging/linux/debian-packages.sh "${pkgs[@]}"

step "environments"
if [ ! -x "$VENV/bin/pytest" ]; then
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  timeout 900 "$VENV/bin/pip" install -q -e '.[test]' --config-settings editable_mode=strict
fi
[ -x "$BUILD_VENV/bin/python" ] || "$PY" -m venv "$BUILD_VENV"
# A regular (not editable) install of this checkout: the build must see what a user's pip install would.
timeout 900 "$BUILD_VENV/bin/pip" install -q 'pyinstaller>=6.10,<7' .
timeout 900 "$BUILD_VENV/bin/pip" install -q --force-reinstall --no-deps .  # this checkout, even at the same version

step "build: the frozen app"
t=$(date +%s)
timeout 1800 "$BUILD_VENV/bin/python" packaging/build.py
build_s=$(elapsed "$t")
step "build: tarball and .deb"
t=$(date +%s)
timeout 1800 packaging/linux/package.sh "$BUILD_VENV/bin/python"
package_s=$(elapsed "$t")
tarball=$(ls dist/parley-*-linux-*.tar.gz)
deb=$(ls dist/parley-chat_*.deb)

step "menu entry and AppStream metadata"
desktop-file-validate resources/linux/*.desktop
appstreamcli validate --no-net resources/linux/*.metainfo.xml

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

step "the .deb"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Installed-Size\|Depends\):/  \1:/p'
contents=$(dpkg-deb --contents "$deb")
grep -q ' ./usr/bin/parley -> ../lib/parley/parley$' <<<"$contents"
grep -q ' ./usr/share/applications/io.github.parleychat.Parley.desktop$' <<<"$contents"
grep -q ' ./usr/share/icons/hicolor/scalable/apps/io.github.parleychat.Parley.svg$' <<<"$contents"
if [ "$(id -u)" -eq 0 ]; then
  apt-get install --simulate -qq "./$deb" >/dev/null  # every dependency resolves (nothing is changed)
  if [ -n "${CI:-}" ] && ! dpkg-query -W parley >/dev/null 2>&1; then
    # A throwaway CI machine: install it for real (dpkg's menu and icon triggers run), then remove it.
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "./$deb" >/dev/null
    [ "$(/usr/bin/parley --version)" = "parley $(dpkg-deb -f "$deb" Version)" ]
    [ -f /usr/share/applications/io.github.parleychat.Parley.desktop ]
    [ -f /usr/share/icons/hicolor/256x256/apps/io.github.parleychat.Parley.png ]
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get remove -y -qq parley-chat >/dev/null
    [ ! -e /usr/bin/parley ] && [ ! -e /usr/lib/parley ]
    echo "  installed with apt, ran, removed: ok"
  fi
fi
deb_root="$scratch/deb-root"
dpkg-deb -x "$deb" "$deb_root"
"$deb_root/usr/lib/parley/parley" --version

step "the tarball: install.sh into a scratch prefix"
tar -C "$scratch" -xzf "$tarball"
prefix="$scratch/prefix"
"$scratch"/parley-*/install.sh --prefix "$prefix"
"$prefix/bin/parley" --version
grep -q "^Exec=$prefix/bin/parley" "$prefix/share/applications/io.github.parleychat.Parley.desktop"

step "the installed frozen app: CLI, keyring, window (tests/packaging/test_frozen.py)"
keyring_home="$scratch/keyring"
mkdir -p "$keyring_home" "$SHOTS"
PARLEY_FROZEN="$deb_root/usr/lib/parley/parley" QT_QPA_PLATFORM=offscreen timeout 900 dbus-run-session -- sh -c '
  echo -n throwaway | XDG_DATA_HOME="$1" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  shift
  exec "$@"' sh "$keyring_home" "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/packaging/test_frozen.py

step "end to end under Xvfb: the .deb's copy, then the tarball's"
PARLEY_EXECUTABLE="$deb_root/usr/lib/parley/parley" PARLEY_SHOTS="$SHOTS/deb" CI=${CI:-} QT_QPA_PLATFORM=offscreen \
  timeout 600 "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/gui/test_e2e.py
PARLEY_EXECUTABLE="$prefix/bin/parley" PARLEY_SHOTS="$SHOTS/tarball" CI=${CI:-} QT_QPA_PLATFORM=offscreen \
  timeout 600 "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/gui/test_e2e.py
"$scratch"/parley-*/install.sh --prefix "$prefix" --uninstall
[ ! -e "$prefix/bin/parley" ] && [ ! -e "$prefix/lib/parley" ]

step "start-up: the frozen app, then the same code from source, each vs a bare PySide6 window (10k chats)"
startup=$(QT_QPA_PLATFORM=offscreen timeout 900 "$VENV/bin/python" -m tests.perf.startup_bench \
  --parley "$deb_root/usr/lib/parley/parley" --repeats 5)
echo "$startup"
from_source=$(QT_QPA_PLATFORM=offscreen timeout 900 "$VENV/bin/python" -m tests.perf.startup_bench --repeats 5)
echo "$from_source"

step "summary"
app_mb=$(du -sm dist/parley | cut -f1)
echo "build: frozen app ${build_s} s, tarball + .deb ${package_s} s"
echo "sizes: app folder ${app_mb} MB | $(basename "$tarball") $(du -m "$tarball" | cut -f1) MB |" \
  "$(basename "$deb") $(du -m "$deb" | cut -f1) MB"
echo "start, frozen:      $startup"
echo "start, from source: $from_source"
echo "screenshots: $SHOTS"
echo "packaging smoke test passed."
