"""Which path answers a source run whose big emitted messages run it out of memory, and with which logs."""
import sys
from pathlib import Path

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig

here = Path(__file__).parent
engine = Engine(SandboxConfig(timeout_s=10, kind="source"))
engine.start()
print(engine.load(here / sys.argv[1]).ok)
request = {"method": "POST", "url": "https://x.test/hook", "headers": {}, "body": {"mode": "big"}}
result = engine.invoke(request, {})
print(result.outcome, result.error, [e.message for e in result.logs], result.logs_dropped, len(result.emitted), result.notes)
engine.close()
