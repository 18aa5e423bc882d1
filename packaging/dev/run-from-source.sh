#!/usr/bin/env bash
# Install Parley from this checkout into .venv (with the Debian libraries Qt needs) and start it.
# Extra arguments go to `parley` (e.g. `ask "hello"`, `--data-dir DIR`).
set -euo pipefail
cd "$(dirname "$0")/../.."
packaging/linux/debian-packages.sh libglib2.0-0 libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 \
  libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 fonts-dejavu-core
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -e .
exec .venv/bin/parley "$@"
