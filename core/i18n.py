"""Translation of user-visible text: ``tr("…")`` returns the English as written until the app installs a
translator (the GUI installs Qt's, for its language setting; the CLI speaks English).

``pyside6-lupdate`` collects every ``tr("…")`` and module-level ``QT_TR_NOOP("…")`` literal (context "")
into ``resources/i18n/parley_*.ts``; tests/gui/test_i18n.py fails when one has no translation.
Placeholders are ``{name}`` fields, filled with ``.format()`` after translation.
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str], str] | None = None


def tr(text: str) -> str:
    return text if _translate is None else _translate(text)


def QT_TR_NOOP(text: str) -> str:
    """Marks a module-level constant for translation; ``tr()`` it where it is shown."""
    return text


def install(translate: Callable[[str], str] | None) -> None:
    global _translate
    _translate = translate
