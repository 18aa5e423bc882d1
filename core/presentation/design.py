"""The design tokens: every colour, spacing, radius and type size Parley draws with, light and dark.

One place for the look: the window's palette and style sheet (gui/theme.py) and the rendered
answers (markdown.py) both read from here. Plain data, apart from the renderer, so the window can
choose its theme before the first paint without importing anything heavy.
"""

from __future__ import annotations

from dataclasses import dataclass

SPACE = (0, 4, 8, 12, 16, 24, 32)  # the spacing scale, px: SPACE[2] is the usual gap
RADIUS_CONTROL = 6  # buttons, fields, menus
RADIUS_CARD = 10  # bubbles, banners, panels
RADIUS_COMPOSER = 14
RADIUS_SCROLL_HANDLE = 3
FONT_SMALL = 12  # px: footers, hints, badges
FONT_BODY = 14  # controls and lists
FONT_READING = 15  # answers and prompts
FONT_TITLE = 17
LINE_HEIGHT = 1.6  # answers
READING_WIDTH = 760  # the conversation's column, px: centred, never wider


@dataclass(frozen=True, slots=True)
class Palette:
    window: str
    sidebar: str
    surface: str  # fields, cards, the composer
    surface_alt: str  # user bubbles, table headers
    border: str
    border_strong: str  # check boxes, focused fields' neighbours
    text: str
    text_muted: str
    text_disabled: str
    accent: str
    accent_text: str
    accent_soft: str  # a selected row, a checked toggle
    hover: str
    selected: str
    link: str
    danger: str
    danger_soft: str
    warning: str
    warning_soft: str
    success: str
    code_bg: str
    scrollbar: str
    diff_add: str  # an added line's background; its text is `success`
    diff_del: str  # a removed line's background; its text is `danger`
    diff_hunk: str


LIGHT = Palette(
    window="#f8f7f4",
    sidebar="#f0eee9",
    surface="#ffffff",
    surface_alt="#f1efea",
    border="#e3e0d8",
    border_strong="#94908a",
    text="#1f1e1c",
    text_muted="#6e6b64",
    text_disabled="#b3b0a8",
    accent="#c15f3c",
    accent_text="#ffffff",
    accent_soft="#f4e4dc",
    hover="#ebe8e1",
    selected="#e5e1d7",
    link="#ad4e2c",
    danger="#b3261e",
    danger_soft="#fbeae8",
    warning="#9a6412",
    warning_soft="#fcf3e2",
    success="#2b7a4f",
    code_bg="#f5f4f0",
    scrollbar="#cdc9bf",
    diff_add="#e6f4ea",
    diff_del="#fce8e6",
    diff_hunk="#6a5acd",
)

DARK = Palette(
    window="#262624",
    sidebar="#1f1e1d",
    surface="#30302e",
    surface_alt="#3a3a37",
    border="#42413d",
    border_strong="#8a887f",
    text="#ecebe6",
    text_muted="#a8a69e",
    text_disabled="#66655f",
    accent="#d97757",
    accent_text="#ffffff",
    accent_soft="#4b3329",
    hover="#383834",
    selected="#45443f",
    link="#eb9b7c",
    danger="#f08a7e",
    danger_soft="#4a2926",
    warning="#e8b05a",
    warning_soft="#45381f",
    success="#6cc792",
    code_bg="#1c1c1a",
    scrollbar="#5a5953",
    diff_add="#1d3526",
    diff_del="#45231f",
    diff_hunk="#a99cf0",
)


@dataclass(frozen=True, slots=True)
class Theme:
    dark: bool = False

    @property
    def palette(self) -> Palette:
        return DARK if self.dark else LIGHT

    # what the markdown renderer asks for
    @property
    def code_bg(self) -> str:
        return self.palette.code_bg

    @property
    def muted(self) -> str:
        return self.palette.text_muted

    @property
    def border(self) -> str:
        return self.palette.border

    @property
    def link(self) -> str:
        return self.palette.link

    @property
    def page(self) -> str:
        """What answers are shown on (the conversation's and compare columns' background)."""
        return self.palette.window

    @property
    def table_head(self) -> str:
        return self.palette.surface_alt

    @property
    def pygments_style(self) -> str:
        return "monokai" if self.dark else "friendly"
