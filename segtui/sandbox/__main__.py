"""`python -m segtui.sandbox`: the sandbox process."""

from segtui.sandbox.serve import serve

serve()
