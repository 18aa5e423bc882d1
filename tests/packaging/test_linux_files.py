"""The packaging inputs, checked on every CI run (the build itself runs in packaging/linux/smoke.sh):
icons generated from the one SVG, the menu entry and AppStream metadata, and install.sh."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from parley.core import __version__

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import icons  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
APP_ID = icons.APP_ID
DESKTOP = ROOT / "resources" / "linux" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / "linux" / f"{APP_ID}.metainfo.xml"


def _images(path: Path) -> list[tuple[int, int]]:
    """Every image Qt's own reader finds in *path* (qico / qicns for the multi-size formats)."""
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(path))
    sizes = []
    for index in range(reader.imageCount()):
        assert index == 0 or reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), f"{path.name} image {index}: {reader.errorString()}"
        sizes.append((image.width(), image.height()))
    return sizes


def test_every_icon_is_generated_from_the_svg_and_readable(qapp, tmp_path):
    written = icons.generate(tmp_path)
    for size in icons.HICOLOR_SIZES:
        png = tmp_path / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png in written
        assert _images(png) == [(size, size)]
    assert (tmp_path / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == icons.SOURCE.read_bytes()
    assert _images(tmp_path / "parley.ico") == [(s, s) for s in sorted(icons.ICO_SIZES)]
    assert sorted(_images(tmp_path / "parley.icns")) == sorted((s, s) for _, s in icons.ICNS_TYPES)


def test_small_icons_are_drawn_not_blank(qapp, tmp_path):
    from PySide6.QtGui import QImage

    icons.generate(tmp_path)
    image = QImage(str(tmp_path / "hicolor" / "16x16" / "apps" / f"{APP_ID}.png"))
    colours = {image.pixel(x, y) for x in range(16) for y in range(16)}
    assert image.pixelColor(8, 8).alpha() == 255  # the middle is painted
    assert image.pixelColor(0, 0).alpha() < 64  # the rounded corner is transparent
    assert len(colours) > 8  # the bubbles, not one flat square


def test_nothing_generated_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files", "resources", "packaging"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    generated = [f for f in tracked if f.endswith((".png", ".ico", ".icns", ".qm"))]
    assert generated == []


def test_menu_entry_matches_the_app_and_the_icon():
    from parley.gui.app import APP_ID as RUNNING_APP_ID

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert RUNNING_APP_ID == APP_ID  # Wayland matches the window to this file by its name
    assert section["Icon"] == APP_ID
    assert section["Exec"].split()[0] == "parley"
    assert section["Type"] == "Application"
    assert "Chat" in section["Categories"].split(";")
    assert "Claude" in section["Comment"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in section["Comment[zh_CN]"])


def test_appstream_metadata_names_this_app_and_this_version():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "parley"
    versions = [release.get("version") for release in root.iter("release")]
    assert versions[0] == __version__, "add a <release> for the new version to the metainfo"
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert any(s.get(lang) == "zh-CN" for s in root.iter("summary"))


@pytest.mark.parametrize(
    ("tool", "args", "target"),
    [
        ("desktop-file-validate", [], DESKTOP),
        ("appstreamcli", ["validate", "--no-net"], METAINFO),
    ],
)
def test_freedesktop_validators_accept_the_files(tool, args, target):
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} missing in CI (.ci/run installs it)")
        pytest.skip(f"needs {tool}")
    result = subprocess.run([tool, *args, str(target)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower().replace("errors: 0", "")


def _fake_unpacked_tarball(tmp_path: Path) -> Path:
    """The tarball's layout, with a stand-in for the frozen app (the real one is built by smoke.sh)."""
    here = tmp_path / "parley-unpacked"
    (here / "parley" / "_internal").mkdir(parents=True)
    app = here / "parley" / "parley"
    app.write_text(f"#!/bin/sh\necho parley {__version__}\n")
    app.chmod(0o755)
    (here / "share" / "applications").mkdir(parents=True)
    (here / "share" / "metainfo").mkdir(parents=True)
    shutil.copy(DESKTOP, here / "share" / "applications")
    shutil.copy(METAINFO, here / "share" / "metainfo")
    for size in ("16x16", "scalable"):
        (here / "share" / "icons" / "hicolor" / size / "apps").mkdir(parents=True)
        (here / "share" / "icons" / "hicolor" / size / "apps" / f"{APP_ID}.png").write_bytes(b"png")
    shutil.copy(ROOT / "packaging" / "linux" / "install.sh", here / "install.sh")
    return here


def _sh(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", *args], capture_output=True, text=True, timeout=60, check=False, env={**os.environ, **(env or {})}
    )


def test_install_then_uninstall_leaves_nothing_but_the_users_data(tmp_path):
    here = _fake_unpacked_tarball(tmp_path)
    prefix = tmp_path / "prefix"
    user_data = prefix / "share" / "Parley" / "history.sqlite3"  # (XDG data lives beside, never touched)
    user_data.parent.mkdir(parents=True)
    user_data.write_text("chats")
    done = _sh(str(here / "install.sh"), "--prefix", str(prefix))
    assert done.returncode == 0, done.stderr
    assert f"Parley {__version__} installed in {prefix}" in done.stdout
    assert (prefix / "bin" / "parley").resolve() == (prefix / "lib" / "parley" / "parley").resolve()
    assert subprocess.run([prefix / "bin" / "parley", "--version"], capture_output=True, text=True).stdout.strip() == (
        f"parley {__version__}"
    )
    entry = (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert f"Exec={prefix}/bin/parley\n" in entry  # by full path: ~/.local/bin is often not on PATH
    assert (prefix / "share" / "icons" / "hicolor" / "16x16" / "apps" / f"{APP_ID}.png").exists()
    assert (prefix / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").exists()

    again = _sh(str(here / "install.sh"), "--prefix", str(prefix))  # an upgrade over itself
    assert again.returncode == 0, again.stderr

    gone = _sh(str(here / "install.sh"), "--prefix", str(prefix), "--uninstall")
    assert gone.returncode == 0, gone.stderr
    assert "chats and settings are kept" in gone.stdout
    left = sorted(str(p.relative_to(prefix)) for p in prefix.rglob("*") if p.is_file())
    assert [f for f in left if "parley" in f.lower() and "cache" not in f] == ["share/Parley/history.sqlite3"]
    assert user_data.read_text() == "chats"


def test_a_prefix_with_spaces_is_quoted_in_the_menu_entry(tmp_path):
    here = _fake_unpacked_tarball(tmp_path)
    prefix = tmp_path / "my apps"
    done = _sh(str(here / "install.sh"), "--prefix", str(prefix))
    assert done.returncode == 0, done.stderr
    entry = (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert f'Exec="{prefix}/bin/parley"\n' in entry
    assert f"TryExec={prefix}/bin/parley\n" in entry
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(
            ["desktop-file-validate", str(prefix / "share" / "applications" / f"{APP_ID}.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout
    assert _sh(str(here / "install.sh"), "--prefix", str(prefix), "--uninstall").returncode == 0
    assert not (prefix / "lib" / "parley").exists()


def test_package_layout_with_destdir_names_the_final_prefix(tmp_path):
    here = _fake_unpacked_tarball(tmp_path)
    stage = tmp_path / "deb-root"
    done = _sh(str(here / "install.sh"), "--prefix", "/usr", env={"DESTDIR": str(stage)})
    assert done.returncode == 0, done.stderr
    assert os.readlink(stage / "usr" / "bin" / "parley") == "../lib/parley/parley"
    assert "Exec=/usr/bin/parley\n" in (stage / "usr" / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert not (stage / "usr" / "lib" / "parley" / "uninstall.sh").exists()  # dpkg removes its own files


def test_install_refuses_clearly_outside_an_unpacked_tarball(tmp_path):
    script = tmp_path / "install.sh"
    shutil.copy(ROOT / "packaging" / "linux" / "install.sh", script)
    result = _sh(str(script), "--prefix", str(tmp_path / "p"))
    assert result.returncode == 1
    assert "run it from the unpacked Parley folder" in result.stderr
    assert _sh(str(script), "--bogus").returncode == 2
    assert "unknown option --bogus" in _sh(str(script), "--bogus").stderr
