"""The app's language: English as written, or Simplified Chinese from ``resources/i18n/parley_zh_CN``.

The language follows the system locale (Chinese in the Simplified script → zh_CN), unless the user
picked one in Settings. The translation is the ``.qm`` compiled at build time (packaging/), or, in a
source install, compiled once with the ``lrelease`` that ships in the PySide6 wheel into the cache
dir. Qt's own strings (standard buttons, file dialogs) come from Qt's bundled ``qtbase_*.qm``.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from parley import resources
from parley.core import i18n as core_i18n


def language_for(setting: str, system: QLocale | None = None) -> str:
    """ "en" or "zh_CN" for a Settings value ("system", "en", "zh_CN")."""
    if setting != "system":
        return setting
    locale = system or QLocale.system()
    if locale.language() != QLocale.Language.Chinese:
        return "en"
    traditional = locale.script() == QLocale.Script.TraditionalChineseScript or locale.territory() in (
        QLocale.Country.Taiwan,
        QLocale.Country.HongKong,
        QLocale.Country.Macau,
    )
    return "en" if traditional else "zh_CN"


def compiled(language: str, cache_dir: Path | None = None) -> Path | None:
    """The ``.qm`` for *language*: shipped beside the ``.ts``, or compiled into the cache once."""
    shipped = resources.path(f"i18n/parley_{language}.qm")
    if shipped.exists():
        return shipped
    source = resources.path(f"i18n/parley_{language}.ts")
    if not source.exists():
        return None
    import hashlib  # (loads OpenSSL: only on this fallback path, never with a shipped .qm)

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
    cache = cache_dir or Path(platformdirs.user_cache_dir("Parley", appauthor=False)) / "i18n"
    target = cache / f"parley_{language}-{digest}.qm"
    if target.exists():
        return target
    import subprocess

    import PySide6

    lrelease = Path(PySide6.__file__).parent / "lrelease"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(lrelease), "-silent", str(source), "-qm", str(target)], check=True, capture_output=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as exc:
        from parley.core.logs import log  # (logging loads after the first paint otherwise)

        log.warning("could not compile %s: %s", source.name, exc)
        return None
    return target if target.exists() else None


class Language:
    """Installs (and can remove) the translators for one language on the running app."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._translators: list[QTranslator] = []

    def install(self, cache_dir: Path | None = None) -> bool:
        """True when the app now speaks *language* (English needs nothing)."""
        if self.language == "en":
            return True
        app = QCoreApplication.instance()
        qm = compiled(self.language, cache_dir)
        parley = QTranslator(app)
        if app is None or qm is None or not parley.load(str(qm)):
            from parley.core.logs import log

            log.warning("no translation for %s; showing English", self.language)
            return False
        qt = QTranslator(app)
        if qt.load(f"qtbase_{self.language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self._translators.append(qt)
        self._translators.append(parley)
        for translator in self._translators:
            QCoreApplication.installTranslator(translator)
        QLocale.setDefault(QLocale(self.language))  # month names, numbers, the calendar
        core_i18n.install(lambda text: QCoreApplication.translate("", text))
        return True

    def remove(self) -> None:
        for translator in self._translators:
            QCoreApplication.removeTranslator(translator)
        self._translators.clear()
        core_i18n.install(None)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
