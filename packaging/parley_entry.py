"""The frozen build's entry point: the same ``main`` the ``parley`` console script runs."""

from parley.gui.launcher import main

main()
