"""The sandbox process: V8 running a handler, and the host it calls (fetch, crypto). Nothing here runs in segtui's own
process; `python -m segtui.sandbox` starts one, and segtui.protocol says how the two talk."""
