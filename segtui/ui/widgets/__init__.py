"""The widgets of the debugger, one family per module."""
