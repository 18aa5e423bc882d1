"""Settings → Web: web search and fetch for every chat (each chat's Web switch can change it).

Automatic means on at Anthropic's endpoint and off on a proxy or custom endpoint, which may not
pass server tools through. Domains are checked before saving (no scheme, ASCII, ``*`` only in a
path), and only one list applies: the API refuses both at once, so allowed domains win.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from parley.core.errors import ConfigError
from parley.core.i18n import tr
from parley.core.settings import Settings
from parley.core.web.options import MAX_USES_LIMIT, WebDefaults, domain_problem, parse_domains

from .endpoint_form import form_layout, note_label

ALLOWED_EXAMPLE = "python.org\nlwn.net"  # (domains are not translated)
BLOCKED_EXAMPLE = "pinterest.com"
COUNTRY_EXAMPLE = "US"
TIMEZONE_EXAMPLE = "America/New_York"


class WebForm(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        web = settings.web
        self.search = self._switch(web.search, tr("Web search"))
        self.fetch = self._switch(web.fetch, tr("Reading web pages"))
        self.max_searches = QSpinBox(self)
        self.max_searches.setRange(1, MAX_USES_LIMIT)
        self.max_searches.setValue(web.max_searches)
        self.max_searches.setAccessibleName(tr("Most searches for one answer"))
        self.max_searches.lineEdit().setAccessibleName(tr("Most searches for one answer"))
        self.max_searches.setToolTip(tr("Each search costs $0.01, plus its results as input tokens"))
        self.max_fetches = QSpinBox(self)
        self.max_fetches.setRange(1, MAX_USES_LIMIT)
        self.max_fetches.setValue(web.max_fetches)
        self.max_fetches.setAccessibleName(tr("Most pages read for one answer"))
        self.max_fetches.lineEdit().setAccessibleName(tr("Most pages read for one answer"))
        self.allowed = self._domains(web.allowed_domains, tr("Only these domains"), ALLOWED_EXAMPLE)
        self.blocked = self._domains(web.blocked_domains, tr("Never these domains"), BLOCKED_EXAMPLE)
        self.city = self._line(web.location.get("city", ""), tr("City"))
        self.region = self._line(web.location.get("region", ""), tr("Region"))
        self.country = self._line(web.location.get("country", ""), tr("Country code"))
        self.country.setPlaceholderText(COUNTRY_EXAMPLE)
        self.country.setMaxLength(2)
        self.timezone = self._line(web.location.get("timezone", ""), tr("Time zone"))
        self.timezone.setPlaceholderText(TIMEZONE_EXAMPLE)
        form = form_layout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Web search"), self.search)
        form.addRow(tr("Reading web pages"), self.fetch)
        form.addRow(
            note_label(
                tr(
                    "Automatic: on with Anthropic's endpoint, off with a proxy or custom endpoint (it may not "
                    "support them). Answers cite their sources; a search costs $0.01."
                ),
                self,
            )
        )
        form.addRow(tr("Most searches for one answer"), self.max_searches)
        form.addRow(tr("Most pages read for one answer"), self.max_fetches)
        form.addRow(tr("Only these domains"), self.allowed)
        form.addRow(tr("Never these domains"), self.blocked)
        form.addRow(note_label(tr("Separate domains with commas or new lines; subdomains are included."), self))
        form.addRow(tr("City"), self.city)
        form.addRow(tr("Region"), self.region)
        form.addRow(tr("Country code"), self.country)
        form.addRow(tr("Time zone"), self.timezone)
        form.addRow(
            note_label(
                tr("Your approximate location makes local searches relevant. Leave it empty to not send it."), self
            )
        )
        self.setLayout(form)

    def _switch(self, value: bool | None, name: str) -> QComboBox:
        box = QComboBox(self)
        box.addItem(tr("Automatic"), None)
        box.addItem(tr("On"), True)
        box.addItem(tr("Off"), False)
        box.setCurrentIndex({None: 0, True: 1, False: 2}[value])
        box.setAccessibleName(name)
        return box

    def _domains(self, domains: list[str], name: str, example: str) -> QPlainTextEdit:
        edit = QPlainTextEdit("\n".join(domains), self)
        edit.setPlaceholderText(example)
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
        return edit

    def _line(self, text: str, name: str) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setAccessibleName(name)
        return edit

    def value(self) -> WebDefaults:
        """The settings as the form says; ConfigError names a domain or country the API would refuse."""
        allowed = parse_domains(self.allowed.toPlainText())
        blocked = parse_domains(self.blocked.toPlainText())
        for domain in (*allowed, *blocked):
            problem = domain_problem(domain)
            if problem:
                raise ConfigError(tr("Web: {problem}").format(problem=problem))
        country = self.country.text().strip().upper()
        if country and (len(country) != 2 or not country.isalpha()):
            raise ConfigError(tr("Web: the country is a two-letter code such as US, GB or CN"))
        location = {
            "city": self.city.text(),
            "region": self.region.text(),
            "country": country,
            "timezone": self.timezone.text(),
        }
        return WebDefaults(
            search=self.search.currentData(),
            fetch=self.fetch.currentData(),
            max_searches=self.max_searches.value(),
            max_fetches=self.max_fetches.value(),
            allowed_domains=list(allowed),
            blocked_domains=list(blocked),
            location={k: v.strip() for k, v in location.items() if v.strip()},
        )
