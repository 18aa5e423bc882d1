"""Light/dark: follow the OS colour scheme, or a manual override from settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from parley.core.presentation.colors import Theme


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
    """Fusion style with a palette for *mode* ("system", "light", "dark"); returns the render theme."""
    if app.style().name().lower() != "fusion":  # often already Fusion: re-creating it costs ~5 ms at start
        app.setStyle("Fusion")
    dark = system_is_dark() if mode == "system" else mode == "dark"
    app.setPalette(_dark_palette() if dark else app.style().standardPalette())
    app.setStyleSheet(_STYLE)
    return Theme(dark=dark)


def _dark_palette() -> QPalette:
    p = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2d2f33",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#3b6fd4",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2d2f33",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#8a8f98",
        QPalette.ColorRole.Link: "#7fb4ff",
    }
    for role, value in colors.items():
        p.setColor(role, QColor(value))
    return p


_STYLE = """
QFrame#userBubble { border-radius: 10px; background: palette(alternate-base); }
QFrame#userBubble[leftOut="true"] { background: transparent; border: 1px dashed palette(mid); }
QFrame#userBubble[leftOut="true"] QLabel { color: palette(placeholder-text); }
QFrame#banner { border-radius: 8px; border: 1px solid #d0a000; background: rgba(240, 190, 0, 0.12); }
QFrame#banner[severity="error"] { border-color: #c0392b; background: rgba(192, 57, 43, 0.10); }
QFrame#thinkingPanel { border-left: 3px solid palette(mid); }
QFrame#summaryPanel { border-left: 3px solid palette(highlight); }
QFrame#attachmentCard { border: 1px solid palette(mid); border-radius: 6px; background: palette(base); }
QScrollArea#attachmentScroll, QWidget#attachmentRow { background: transparent; }
QLabel#attachmentBadge { border-radius: 4px; background: palette(alternate-base); font-weight: 600; }
*[highlight="true"] { border: 2px solid palette(highlight); border-radius: 10px; }
QLabel#footer, QLabel#muted { color: palette(placeholder-text); }
QPlainTextEdit#composerInput { border: 1px solid palette(mid); border-radius: 8px; padding: 6px; }
"""
