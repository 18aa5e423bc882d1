"""The reliability suite reuses the GUI fixtures (an offscreen main window on the fake API)."""

from tests.gui.conftest import gui_context, qloop, window  # noqa: F401
