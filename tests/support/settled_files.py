"""Files written as if long ago: most of a big folder's event files last changed well before segtui read them."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from segtui.event_files import SETTLED_NS


def write_settled(path: Path, payload: object) -> Path:
    """Write `payload` (JSON, or a string as is) to `path` and set its times past EventFileCache's settling time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
    past = time.time() - 2 * SETTLED_NS / 1e9 - 60
    os.utime(path, (past, past))
    return path
