"""The Qt layer over ``parley.core``. The ``parley`` script imports this package for its launcher
even for CLI commands, so nothing here imports Qt."""
