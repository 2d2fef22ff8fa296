"""segtui: a local, keyboard-driven debugger for Segment functions: destination, insert and source."""

__version__ = "0.1.0"
