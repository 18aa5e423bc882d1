"""The colours a rendered answer uses, light or dark.

Apart from ``render`` so that the window can choose its theme before the first paint without
importing the renderer (html, the rules: a few ms of start-up).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Theme:
    dark: bool = False

    @property
    def code_bg(self) -> str:
        return "#1e1f22" if self.dark else "#f5f6f8"

    @property
    def muted(self) -> str:
        return "#9aa0a6" if self.dark else "#6b7280"

    @property
    def border(self) -> str:
        return "#3c3f44" if self.dark else "#d8dce1"

    @property
    def link(self) -> str:
        return "#7fb4ff" if self.dark else "#1a5fd0"

    @property
    def pygments_style(self) -> str:
        return "monokai" if self.dark else "friendly"
