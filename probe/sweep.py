"""Sweep: each hazard a handler applies to a built-in, run in segtui and in the Node reference; prints differences."""
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, "/tmp/wt-hostile10")
sys.path.insert(0, "/tmp/wt-hostile10/tests/conformance")
from loopback import LoopbackServer

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig

HERE = Path(__file__).parent
REF = Path("/tmp/wt-hostile10/tests/conformance/reference.js")
TEMPLATE = """async function onTrack(event, settings) {
  const out = [];
  const note = (x) => { out[out.length] = x; };
  if (event.event === 'hostile') { %s }
  try { console.log({ a: [1, { b: 'x' }], s: 'text', n: 1.5 }, [3, 4], 'str', 42); } catch (e) { note('log threw ' + e.message); }
  try { const r = await fetch(settings.base + '/json?x=' + event.event, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json', 'x-h': 'v' } }); note(r.status); note(await r.text()); } catch (e) { note('fetch threw ' + e.message); }
  try { note(await new Promise((r) => setTimeout(() => r('timer'), 1))); } catch (e) { note('timer threw ' + e.message); }
  try { note(await cache.load('k' + event.event, 1000, async () => 'cached')); } catch (e) { note('cache threw ' + e.message); }
  if (event.event === 'throw') throw new TypeError('thrown ' + event.event);
  return out;
}
"""


def main(hazards):
    server = LoopbackServer()
    engine = Engine(SandboxConfig(timeout_s=5))
    engine.start()
    run = {"events": [{"type": "track", "event": e} for e in ("hostile", "next", "throw")], "settings": {"base": server.base}}
    (HERE / "sweep_run.json").write_text(json.dumps(run))
    for index, hazard in enumerate(hazards):
        if index < START:
            continue
        handler = HERE / "sweep_handler.js"
        handler.write_text(TEMPLATE % hazard)
        try:
            done = subprocess.run(["node", str(REF), str(handler), str(HERE / "sweep_run.json")],
                                  check=False, capture_output=True, text=True,
                                  timeout=15, cwd=REF.parent, env={**os.environ, "TZ": "UTC"})
            node = json.loads(done.stdout)
            node = node if isinstance(node, dict) else {"results": [], "raw": str(node)}
        except subprocess.TimeoutExpired:
            node = {"results": [], "raw": "node timed out"}
        except ValueError:
            node = {"results": [], "raw": done.stdout[-300:] + done.stderr[-300:]}
        node_sent = [(q["method"], q["path"], q["body"], sorted(h for h, _ in q["headers"])) for q in server.take()]
        engine.load(handler)
        mine = []
        for event in run["events"]:
            r = engine.invoke(event, run["settings"])
            mine.append({"outcome": r.outcome, "return": r.return_value, "error": None if r.error is None else [r.error.name, r.error.message],
                         "logs": [e.message for e in r.logs]})
        theirs = [{"outcome": r["outcome"], "return": r["return"], "error": None if r["error"] is None else [r["error"]["name"], r["error"]["message"]],
                   "logs": [e["message"] for e in r["logs"]]} for r in node.get("results", [])]
        mine_sent = [(q["method"], q["path"], q["body"], sorted(h for h, _ in q["headers"])) for q in server.take()]
        if mine_sent != node_sent:
            print("   SENT DIFF segtui:", mine_sent, "\n             node:", node_sent)
        same = mine == theirs
        print(f"[{index}] {'SAME' if same else 'DIFF'}: {hazard}", flush=True)
        if not same:
            for a, b in zip(mine, theirs) if theirs else [(m, node.get("raw")) for m in mine]:
                if a != b:
                    print("   segtui:", json.dumps(a)[:600])
                    print("   node  :", json.dumps(b)[:600])
    engine.close()
    server.close()


START = int(sys.argv[2]) if len(sys.argv) > 2 else 0
if __name__ == "__main__":
    main([line.strip() for line in Path(sys.argv[1]).read_text().splitlines() if line.strip() and not line.startswith("#")])
