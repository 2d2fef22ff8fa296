"""Every encoding of a secret a handler can produce, computed by Node itself: an oracle independent of segtui."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

ENCODINGS_JS = r"""
const k = process.argv[1];
const inner = (t) => JSON.stringify(t).slice(1, -1);
const forms = [k, inner(k), inner(inner(k)), encodeURIComponent(k), encodeURI(k), escape(k),
  new URLSearchParams({x: k}).toString().slice(2), Buffer.from(k).toString('base64'),
  Buffer.from(k).toString('base64url'), Buffer.from(k).toString('hex'), Buffer.from(k, 'latin1').toString('base64'),
  new URL('http://h/?' + k).search.slice(1)];
console.log(JSON.stringify(forms));
"""


def node_forms(secret: str) -> list[str]:
    """The secret as Node encodes it every usual way (skips the test when node is missing)."""
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    done = subprocess.run(["node", "-e", ENCODINGS_JS, secret], capture_output=True, text=True, check=True)
    return sorted(set(json.loads(done.stdout)), key=len)
