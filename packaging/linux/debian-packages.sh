#!/usr/bin/env bash
# Installs whichever of the named Debian packages are missing (with sudo unless root); nothing when all
# are there, or on a system without apt. Shared by .ci/run, packaging/linux/smoke.sh and
# packaging/dev/run-from-source.sh.   Usage: packaging/linux/debian-packages.sh PACKAGE...
set -euo pipefail
command -v apt-get >/dev/null 2>&1 || exit 0
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing: ${missing[*]}"
timeout 900 $SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive timeout 1200 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
