"""segtui's side of the sandbox, run in segtui's own process: it starts, feeds and supervises sandbox processes."""
