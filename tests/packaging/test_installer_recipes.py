"""The Windows and macOS recipes and the CI workflow template cannot run here (no Windows, no macOS,
no GitHub): these checks keep them in step with the build they drive, so they stay obviously right."""

from __future__ import annotations

import plistlib
import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = (PACKAGING / "parley.spec").read_text()


def _workflow() -> dict:
    return yaml.safe_load((PACKAGING / "ci" / "github-actions.yml").read_text())


def test_the_workflow_builds_and_smoke_tests_each_os():
    jobs = _workflow()["jobs"]
    assert set(jobs) == {"linux", "windows", "macos"}
    for name, job in jobs.items():
        script = "\n".join(step.get("run", "") for step in job["steps"])
        uploads = [step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact")]
        assert uploads, f"{name} uploads nothing"
        assert "--version" in script or "smoke.sh" in script, f"{name} never runs what it built"
        for path in re.findall(r"packaging[/\\][\w/\\.-]+\.(?:sh|py|iss)", script):
            assert (ROOT / path.replace("\\", "/")).is_file(), f"{name} runs {path}, which does not exist"


def test_windows_installer_ships_what_the_spec_builds():
    iss = (PACKAGING / "windows" / "parley.iss").read_text()
    assert 'executable("Parley", console=False)' in SPEC
    assert 'executable("parley-cli", console=True)' in SPEC
    assert r'Source: "{#Root}\dist\parley\*"' in iss  # COLLECT(name="parley") → dist/parley
    assert 'name="parley")' in SPEC
    assert r"{app}\Parley.exe" in iss
    assert r"\build\packaging\generated\icons\parley.ico" in iss  # where build.py puts the icons
    assert "[Icons]" in iss
    assert "{autoprograms}" in iss
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}?$", iss, re.M)  # fixed across versions: upgrades, not clutter
    windows_job = "\n".join(s.get("run", "") for s in _workflow()["jobs"]["windows"]["steps"])
    assert "parley-cli.exe" in windows_job
    assert "unins000.exe" in windows_job


def test_macos_bundle_and_entitlements():
    assert "BUNDLE(" in SPEC
    assert 'name="Parley.app"' in SPEC
    assert "bundle_identifier=APP_ID" in SPEC
    assert 'APP_ID = "io.github.parleychat.Parley"' in SPEC
    assert '"NSHighResolutionCapable": True' in SPEC
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}
    dmg = (PACKAGING / "macos" / "make_dmg.sh").read_text()
    assert "hdiutil create" in dmg
    assert "notarytool submit" in dmg
    assert "stapler staple" in dmg


def test_shell_scripts_parse():
    for script in sorted(PACKAGING.rglob("*.sh")):
        shell = "sh" if script.read_text().startswith("#!/bin/sh") else "bash"
        result = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{script.name}: {result.stderr}"
