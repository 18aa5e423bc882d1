"""Every user-visible string goes through Qt's translation machinery and has a Simplified Chinese
translation; the app speaks the language its setting (or the system locale) asks for."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QLocale

from parley.gui import i18n
from parley.gui.composer import Composer

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "parley_zh_CN.ts"
SOURCES = sorted([*ROOT.glob("core/*.py"), *ROOT.glob("core/*/*.py"), *ROOT.glob("gui/*.py")])
LUPDATE = Path(PySide6.__file__).parent / "lupdate"


def _messages(ts: Path) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        done = translation is not None and translation.get("type") not in ("unfinished", "vanished", "obsolete")
        out[message.findtext("source") or ""] = (translation.text or "") if done and translation is not None else None
    return out


def test_every_source_string_has_a_translation(tmp_path: Path) -> None:
    """lupdate over today's code into a copy of the .ts: a new or changed string shows up unfinished."""
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    subprocess.run(
        [str(LUPDATE), *map(str, SOURCES), "-ts", str(fresh), "-no-obsolete", "-locations", "none"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    messages = _messages(fresh)
    assert len(messages) > 300
    missing = [source for source, text in messages.items() if not text]
    assert missing == [], f"untranslated (run packaging/update_translations.sh and translate): {missing}"
    assert set(messages) == set(_messages(TS)), "resources/i18n/parley_zh_CN.ts is out of date with the code"


def test_translations_keep_every_placeholder_and_are_chinese() -> None:
    for source, text in _messages(TS).items():
        assert text is not None
        assert sorted(re.findall(r"\{\w+\}", source)) == sorted(re.findall(r"\{\w+\}", text)), source
        if re.search(r"[a-z]{3} [a-z]{3}", source) and "(*." not in source:  # a phrase, not a name or a filter
            assert re.search(r"[\u4e00-\u9fff]", text), f"not translated: {source!r} → {text!r}"


SETTERS = {
    "setText", "setToolTip", "setPlaceholderText", "setWindowTitle", "setAccessibleName", "setStatusTip",
    "setTitle", "showMessage", "addAction", "addRow", "setInformativeText", "setNameFilter", "addMenu",
    "addToolBar", "setPlainText", "show_note",
}  # fmt: skip
CONSTRUCTORS = {"QLabel", "QPushButton", "QCheckBox", "QAction", "QRadioButton", "QGroupBox", "QMessageBox"}


def test_no_literal_text_reaches_a_widget_without_tr() -> None:
    """A literal with words, passed straight to a text setter, is a string nobody can translate."""
    found = []
    for path in ROOT.glob("gui/*.py"):
        for node in ast.walk(ast.parse(path.read_bytes())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            args = node.args[:1] if name in ("addItem", "addRow", "Notice") else node.args
            if name in SETTERS | CONSTRUCTORS | {"addItem", "Notice"}:
                for arg in args:
                    words = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else ""
                    if isinstance(arg, ast.JoinedStr):
                        words = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
                    if re.search(r"[A-Za-z]{3}", re.sub(r"<[^>]*>", "", str(words))):
                        found.append(f"{path.name}:{node.lineno}: {words!r}")
    assert found == []


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("system", "zh_CN", "zh_CN"),
        ("system", "zh_SG", "zh_CN"),
        ("system", "zh_TW", "en"),  # Traditional script: English until there is a zh_TW translation
        ("system", "zh_HK", "en"),
        ("system", "de_DE", "en"),
        ("en", "zh_CN", "en"),
        ("zh_CN", "en_US", "zh_CN"),
    ],
)
def test_the_language_follows_the_setting_then_the_system(setting: str, system: str, expected: str) -> None:
    assert i18n.language_for(setting, QLocale(system)) == expected


def test_the_window_speaks_chinese_and_back(qtbot, tmp_path: Path) -> None:
    language = i18n.Language("zh_CN")
    assert language.install(cache_dir=tmp_path)  # a source checkout: compiled into the cache once
    try:
        assert list(tmp_path.glob("parley_zh_CN-*.qm"))
        composer = Composer()
        qtbot.addWidget(composer)
        assert composer.send_button.text() == "发送"
        from parley.core.presentation.notices import stop_notice

        notice = stop_notice("max_tokens", None)
        assert notice is not None
        assert "长度上限" in notice.text
        assert QLocale().language() == QLocale.Language.Chinese
    finally:
        language.remove()
    again = Composer()
    qtbot.addWidget(again)
    assert again.send_button.text() == "Send"
