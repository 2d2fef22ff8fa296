"""Each hazard at a handler's top level, then the first use of Segment's pre-loaded libraries, in segtui and Node."""
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
template = (HERE / "libs_tmpl.js").read_text()
hazards = [line for line in (HERE / "libs_hazards.txt").read_text().splitlines() if line.strip()]
(HERE / "libs_run.json").write_text(json.dumps({"events": [{"type": "track"}], "settings": {}}))
env = {**os.environ, "PYTHONPATH": str(ROOT)}
for hazard in ["// none", *hazards]:
    (HERE / "libs_handler.js").write_text(template % hazard)
    mine = subprocess.run([sys.executable, "-m", "segtui", "run", "probe/libs_handler.js", "--event", "track", "--json",
                           "--offline"], capture_output=True, text=True, cwd=ROOT, env=env, check=False, timeout=120)
    try:
        got = json.loads(mine.stdout)["return"]
    except (ValueError, KeyError):
        got = mine.stdout[-300:] + mine.stderr[-300:]
    node = subprocess.run(["node", str(ROOT / "tests/conformance/reference.js"), str(HERE / "libs_handler.js"),
                           str(HERE / "libs_run.json")], capture_output=True, text=True, cwd=ROOT / "tests/conformance",
                          check=False, timeout=60)
    try:
        theirs = json.loads(node.stdout)
        theirs = theirs["results"][0]["return"] if theirs["load"]["ok"] else theirs["load"]
    except (ValueError, KeyError, TypeError, IndexError):
        theirs = (node.stdout[-200:] + node.stderr[-200:]).replace("\n", " ")
    print("SAME" if got == theirs else "DIFF", hazard, flush=True)
    if got != theirs:
        print("   segtui:", got)
        print("   node  :", theirs)
