#!/usr/bin/env bash
# dist/Parley.app (from packaging/build.py on macOS) → dist/Parley-VERSION-macos-ARCH.dmg, a disk
# image with the app and an Applications shortcut to drag it onto.
# Signing and notarising (see packaging/README.md) happen when these are set:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: Name (TEAMID)", already used by build.py's PyInstaller run
#   MACOS_NOTARY_PROFILE  a `xcrun notarytool store-credentials` profile name
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${1:-python3}
APP=dist/Parley.app
[ -d "$APP" ] || { echo "make_dmg.sh: no $APP; run packaging/build.py first" >&2; exit 1; }
VERSION=$("$PY" -c 'import parley.core; print(parley.core.__version__)')
DMG="dist/Parley-$VERSION-macos-$(uname -m).dmg"

plutil -lint "$APP/Contents/Info.plist"
"$APP/Contents/MacOS/parley" --version
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --verify --deep --strict --verbose=2 "$APP"
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$APP" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$DMG"
hdiutil create -volname "Parley $VERSION" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$DMG"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
fi
if [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "$DMG" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose "$DMG"
fi
echo "==> $DMG ($(du -m "$DMG" | cut -f1) MB)"
