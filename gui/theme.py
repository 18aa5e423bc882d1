"""The window's look, from the design tokens (core/presentation/design.py): a Qt palette with its own
colours for disabled, hover, focus and selected, and one style sheet. ``apply`` can run again at
any time: a theme change applies at once, no restart.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from parley import resources
from parley.core.presentation.design import (
    FONT_BODY,
    FONT_READING,
    FONT_SMALL,
    FONT_TITLE,
    RADIUS_CARD,
    RADIUS_COMPOSER,
    RADIUS_CONTROL,
    RADIUS_SCROLL_HANDLE,
    Palette,
    Theme,
)

_current = Theme()


def current() -> Theme:
    """The theme applied last (the icons draw in its colours)."""
    return _current


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def apply(app: QApplication, mode: str = "system") -> Theme:
    """Fusion with Parley's palette and style sheet for *mode* ("system", "light", "dark")."""
    global _current
    if app.style().name().lower() != "fusion":  # often already Fusion: re-creating it costs ~5 ms at start
        app.setStyle("Fusion")
    theme = Theme(dark=system_is_dark() if mode == "system" else mode == "dark")
    _current = theme
    app.setPalette(qt_palette(theme.palette))
    app.setStyleSheet(style_sheet(theme))
    return theme


def qt_palette(p: Palette) -> QPalette:
    """Every colour group set: a disabled control must look disabled, in light and in dark."""
    qp = QPalette()
    R, G = QPalette.ColorRole, QPalette.ColorGroup
    roles = {
        R.Window: p.window,
        R.WindowText: p.text,
        R.Base: p.surface,
        R.AlternateBase: p.surface_alt,
        R.Text: p.text,
        R.Button: p.surface,
        R.ButtonText: p.text,
        R.BrightText: p.accent_text,
        R.Highlight: p.accent,
        R.HighlightedText: p.accent_text,
        R.ToolTipBase: p.surface,
        R.ToolTipText: p.text,
        R.PlaceholderText: p.text_muted,
        R.Link: p.link,
        R.LinkVisited: p.link,
        R.Mid: p.border,
        R.Midlight: p.hover,
        R.Dark: p.border_strong,
        R.Light: p.surface,
        R.Shadow: p.border_strong,
    }
    for role, value in roles.items():
        for group in (G.Active, G.Inactive):
            qp.setColor(group, role, QColor(value))
        qp.setColor(G.Disabled, role, QColor(value))
    for role in (R.WindowText, R.Text, R.ButtonText, R.PlaceholderText, R.HighlightedText):
        qp.setColor(G.Disabled, role, QColor(p.text_disabled))
    qp.setColor(G.Disabled, R.Button, QColor(p.window))
    qp.setColor(G.Disabled, R.Base, QColor(p.window))
    qp.setColor(G.Disabled, R.Highlight, QColor(p.border))
    return qp


def _ui_icon(name: str) -> str:
    """A style-sheet url() for one of the few fixed-colour icons (resources/icons/ui)."""
    return resources.path(f"icons/ui/{name}.svg").as_posix()


def style_sheet(theme: Theme) -> str:
    """One sheet for the whole window; widgets opt in by object name or property."""
    p = theme.palette
    shade = "dark" if theme.dark else "light"
    chevron, chevron_up = _ui_icon(f"chevron-down-{shade}"), _ui_icon(f"chevron-up-{shade}")
    check = _ui_icon("check")
    return f"""
* {{ font-size: {FONT_BODY}px; }}
QToolTip {{ color: {p.text}; background: {p.surface}; border: 1px solid {p.border}; padding: 4px 6px; }}
QMainWindow, QDialog {{ background: {p.window}; }}
QMenu {{ background: {p.surface}; border: 1px solid {p.border}; padding: 4px; border-radius: {RADIUS_CONTROL}px; }}
QMenu::item {{ padding: 6px 16px; border-radius: 4px; }}
QMenu::item:selected {{ background: {p.hover}; }}
QMenu::item:disabled {{ color: {p.text_disabled}; }}
QMenuBar {{ background: {p.window}; }}
QMenuBar::item:selected {{ background: {p.hover}; border-radius: 4px; }}
QToolBar {{ background: {p.window}; border: none; padding: 2px 6px; spacing: 2px; }}

QPushButton {{
    background: {p.surface}; color: {p.text}; border: 1px solid {p.border};
    border-radius: {RADIUS_CONTROL}px; padding: 5px 12px;
}}
QPushButton:hover {{ background: {p.hover}; }}
QPushButton:pressed {{ background: {p.selected}; }}
QPushButton:focus {{ border-color: {p.accent}; }}
QPushButton:disabled {{ color: {p.text_disabled}; background: {p.window}; border-color: {p.border}; }}
QPushButton[primary="true"] {{ background: {p.accent}; color: {p.accent_text}; border-color: {p.accent}; }}
QPushButton[primary="true"]:hover {{ background: {p.link}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid {p.text}; }}
QPushButton[primary="true"]:disabled {{ background: {p.border}; color: {p.text_disabled}; border-color: {p.border}; }}

QToolButton {{
    background: transparent; border: none; border-radius: {RADIUS_CONTROL}px; padding: 4px; color: {p.text_muted};
}}
QToolButton:hover {{ background: {p.hover}; color: {p.text}; }}
QToolButton:pressed, QToolButton:checked {{ background: {p.selected}; color: {p.text}; }}
QToolButton:focus {{ outline: none; border: 1px solid {p.accent}; }}
QToolButton:disabled {{ color: {p.text_disabled}; }}
QToolButton::menu-indicator {{ image: none; width: 0px; }}

QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDateEdit, QComboBox {{
    background: {p.surface}; color: {p.text}; border: 1px solid {p.border};
    border-radius: {RADIUS_CONTROL}px; padding: 4px 8px; selection-background-color: {p.accent};
    selection-color: {p.accent_text};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus, QDateEdit:focus, QComboBox:focus {{
    border-color: {p.accent};
}}
QLineEdit:disabled, QPlainTextEdit:disabled, QSpinBox:disabled, QComboBox:disabled {{
    color: {p.text_disabled}; background: {p.window};
}}
QComboBox:hover {{ background: {p.hover}; }}
QSpinBox {{ padding-right: 22px; }}
QSpinBox::up-button, QSpinBox::down-button {{
    subcontrol-origin: border; width: 20px; border: none; background: transparent;
}}
QSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-button:hover, QSpinBox::down-button:hover {{ background: {p.hover}; }}
QSpinBox::up-arrow {{ image: url({chevron_up}); width: 12px; height: 12px; }}
QSpinBox::down-arrow {{ image: url({chevron}); width: 12px; height: 12px; }}
QComboBox::drop-down {{ border: none; width: 20px; }}
QComboBox::down-arrow {{ image: url({chevron}); width: 14px; height: 14px; }}
QComboBox::down-arrow:disabled {{ image: none; }}
QComboBox QAbstractItemView {{
    background: {p.surface}; border: 1px solid {p.border}; selection-background-color: {p.hover};
    selection-color: {p.text}; outline: none;
}}

QLabel#sourcesList {{ border: 1px solid transparent; border-radius: {RADIUS_CONTROL}px; padding: 1px 2px; }}
QLabel#sourcesList:focus {{ border-color: {p.accent}; background: {p.hover}; }}

QCheckBox {{ spacing: 6px; color: {p.text}; }}
QCheckBox:disabled {{ color: {p.text_disabled}; }}
QCheckBox:focus {{ background: {p.hover}; border-radius: {RADIUS_CONTROL}px; }}
QCheckBox::indicator {{
    width: 14px; height: 14px; border: 1.5px solid {p.border_strong}; border-radius: 4px; background: {p.surface};
}}
QCheckBox::indicator:hover {{ border-color: {p.accent}; }}
QCheckBox::indicator:checked {{ background: {p.accent}; border-color: {p.accent}; image: url({check}); }}
QCheckBox::indicator:disabled {{ border-color: {p.border}; background: {p.window}; }}
QCheckBox::indicator:checked:disabled {{ background: {p.border}; }}
QRadioButton::indicator {{
    width: 14px; height: 14px; border: 1.5px solid {p.border_strong}; border-radius: 8px; background: {p.surface};
}}
QRadioButton::indicator:checked {{ background: {p.accent}; border-color: {p.accent}; }}

QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle {{
    background: {p.scrollbar}; border-radius: {RADIUS_SCROLL_HANDLE}px; min-height: 24px; min-width: 24px;
}}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QSplitter::handle {{ background: {p.border}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}

QListView, QListWidget, QTableWidget {{ background: transparent; border: none; outline: none; }}
QListView::item, QListWidget::item {{ border-radius: {RADIUS_CONTROL}px; padding: 5px 8px; color: {p.text}; }}
QListView::item:hover, QListWidget::item:hover {{ background: {p.hover}; }}
QListView::item:selected, QListWidget::item:selected {{ background: {p.selected}; color: {p.text}; }}
QListView::item:disabled {{ color: {p.text_muted}; }}
QListView:focus, QListWidget:focus {{ border: 1px solid {p.accent}; border-radius: {RADIUS_CONTROL}px; }}
QTableWidget {{ gridline-color: {p.border}; }}
QHeaderView::section {{ background: {p.surface_alt}; color: {p.text_muted}; border: none; padding: 4px 6px; }}
QTabWidget::pane {{ border: none; }}

QWidget#sidebar {{ background: {p.sidebar}; }}
QWidget#sidebar QLineEdit {{ background: {p.surface}; }}
QPushButton#sidebarButton {{
    text-align: left; border: none; background: transparent; padding: 7px 8px; font-weight: 600;
}}
QPushButton#sidebarButton:hover {{ background: {p.hover}; }}
QWidget#conversation, QScrollArea#conversation > QWidget > QWidget {{ background: {p.window}; }}
QFrame#userBubble {{ border-radius: {RADIUS_CARD + 4}px; background: {p.surface_alt}; }}
QFrame#userBubble QLabel {{ font-size: {FONT_READING}px; }}
QFrame#userBubble[leftOut="true"] {{ background: transparent; border: 1px dashed {p.border_strong}; }}
QFrame#userBubble[leftOut="true"] QLabel {{ color: {p.text_muted}; }}
QFrame#banner QLabel {{ background: transparent; }}
QFrame#banner {{ border-radius: {RADIUS_CARD}px; border: 1px solid {p.warning}; background: {p.warning_soft}; }}
QFrame#banner[severity="error"] {{ border-color: {p.danger}; background: {p.danger_soft}; }}
QFrame#banner[severity="info"] {{ border-color: {p.border}; background: {p.surface_alt}; }}
QTextBrowser#markdown {{ border: none; background: transparent; padding: 0px; font-size: {FONT_READING}px; }}
QPlainTextEdit#thinkingBody {{ border: none; background: transparent; padding: 0px; color: {p.text_muted}; }}
QFrame#thinkingPanel {{ border: none; }}
QFrame#thinkingPanel[expanded="true"] {{ border-left: 2px solid {p.border}; }}
QToolButton#disclosure {{ padding: 0px; }}
QWidget#conversationColumn {{ background: {p.window}; }}
QFrame#summaryPanel {{ border-left: 2px solid {p.accent}; }}
QFrame#attachmentCard {{ border: 1px solid {p.border}; border-radius: {RADIUS_CONTROL}px; background: {p.surface}; }}
QScrollArea#attachmentScroll, QWidget#attachmentRow {{ background: transparent; }}
QLabel#attachmentBadge {{ border-radius: 4px; background: {p.surface_alt}; font-weight: 600; }}
*[highlight="true"] {{ border: 2px solid {p.accent}; border-radius: {RADIUS_CARD}px; }}
QLabel#emptyHint {{ color: {p.text_muted}; font-size: {FONT_TITLE}px; padding: 0px 24px; }}
QLabel#footer, QLabel#muted {{ color: {p.text_muted}; font-size: {FONT_SMALL}px; }}
QLabel#title {{ font-weight: 600; }}
QLabel#groupHeader {{ color: {p.text_muted}; font-size: {FONT_SMALL}px; font-weight: 600; }}
QFrame#composerCard {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: {RADIUS_COMPOSER}px; }}
QComboBox#composerPicker {{ border: none; background: transparent; padding: 4px 6px; color: {p.text_muted}; }}
QComboBox#composerPicker:hover, QComboBox#composerPicker:focus {{ background: {p.hover}; color: {p.text}; }}
QToolButton#toggle {{ padding: 4px 8px; }}
QToolButton#toggle:checked {{ background: {p.accent_soft}; color: {p.text}; }}
QToolButton#sendButton {{ background: {p.accent}; border-radius: 17px; padding: 0px; }}
QToolButton#sendButton:hover {{ background: {p.link}; }}
QToolButton#sendButton:focus {{ border: 2px solid {p.text}; }}
QPlainTextEdit#composerInput {{ border: none; background: transparent; padding: 4px 2px; font-size: {FONT_READING}px; }}
QComboBox[locked="true"]:disabled {{
    color: {p.text}; border-color: transparent; background: transparent; font-weight: 600;
}}
QFrame#compareColumn {{ border: 1px solid {p.border}; border-radius: {RADIUS_CARD}px; background: {p.window}; }}
QFrame#workspaceBar {{ border: none; }}
QFrame#card {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: {RADIUS_CARD}px; }}
QListWidget#settingsNav {{ background: {p.sidebar}; border-right: 1px solid {p.border}; padding: 8px 6px; }}
QListWidget#settingsNav::item {{ padding: 7px 8px; }}
QFrame#popover {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: {RADIUS_CONTROL}px; }}
QListWidget#searchResults::item {{ padding: 0px; margin: 1px 0px; }}
QListView::indicator, QListWidget::indicator, QTreeView::indicator {{
    width: 14px; height: 14px; border: 1.5px solid {p.border_strong}; border-radius: 4px; background: {p.surface};
}}
QListView::indicator:checked, QListWidget::indicator:checked, QTreeView::indicator:checked {{
    background: {p.accent}; border-color: {p.accent}; image: url({check});
}}
QTreeView::indicator:indeterminate {{ border-color: {p.accent}; background: {p.accent_soft}; }}
QLabel#pageTitle {{ font-size: {FONT_TITLE}px; font-weight: 600; }}
QLabel#error, QLabel[state="fail"] {{ color: {p.danger}; }}
QLabel[state="ok"] {{ color: {p.success}; }}
QListWidget#settingsNav::item:selected {{ background: {p.selected}; }}
QToolButton#thinkingHeader {{ color: {p.text_muted}; padding: 2px 6px 2px 2px; }}
QToolButton#thinkingHeader:checked, QToolButton#thinkingHeader:pressed {{
    background: transparent; color: {p.text_muted};
}}
QToolButton#thinkingHeader:hover {{ background: {p.hover}; color: {p.text}; }}
"""
