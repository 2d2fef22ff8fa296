"""Requests as fetch.js hands them to the sandbox's fetch host call."""

from __future__ import annotations


def wire_item(port: int, target: str = "/wait") -> dict:
    """A GET of `target` on 127.0.0.1:`port`, as fetch.js hands it over."""
    return {"method": "GET", "scheme": "http", "host": "127.0.0.1", "port": port, "target": target,
            "headers": [["Accept", "*/*"], ["Connection", "close"], ["Host", f"127.0.0.1:{port}"]],
            "chain": 1}
