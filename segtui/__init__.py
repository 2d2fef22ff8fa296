"""segtui: a local, keyboard-driven debugger for Segment destination functions."""

__version__ = "0.1.0"
