"""Load a handler that tampers and leaves timers, then hot-reload another in the same engine: nothing of A's remains."""
from pathlib import Path

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig

here = Path(__file__).parent
engine = Engine(SandboxConfig(timeout_s=5))
engine.start()
print(engine.load(here / "reload_a.js").ok, engine.invoke({"type": "track"}, {}).return_value)
print(engine.load(here / "reload_b.js").ok)
result = engine.invoke({"type": "track"}, {})
print(result.outcome, result.return_value, [e.message for e in result.logs])
engine.close()
