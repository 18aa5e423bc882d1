"""The Qt layer over ``parley.core``. Importing it first stops PySide6 reading every later module's
source (see ``pyside_hook``)."""

from .pyside_hook import quiet_feature_scan

quiet_feature_scan()
