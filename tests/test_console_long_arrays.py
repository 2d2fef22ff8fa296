"""A long array or typed array logged shows its first items as Node's util.inspect does, at the cost of those items."""

from __future__ import annotations

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig

HANDLER = """
async function onTrack(event) {
  console.log('before');
  console.log(new Array(1e7).fill(1));
  console.log(new Uint8Array(3e7));
  console.log(Object.assign([1, 2], { extra: 'x', [Symbol('s')]: 3 }));
  console.log(Object.assign(new Uint8Array(3), { extra: 'y' }));
  console.dir(Object.assign(new Array(3).fill(0), { added: true }), { showHidden: true });
  return 'logged';
}
"""


def test_logging_a_ten_million_item_array_shows_its_first_hundred_items_as_node_does(tmp_path):
    # The vendored util.inspect found an array's keys other than its indexes among all its own property descriptors:
    # a 10-million-item array ran the run out of memory (a MemoryError, its logs lost), where Node logs it at once.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    engine = Engine(SandboxConfig(timeout_s=30))
    engine.start()
    try:
        assert engine.load(tmp_path / "handler.js").ok
        result = engine.invoke({"type": "track", "event": "long"}, {})
    finally:
        engine.close()
    assert (result.outcome, result.return_value, result.error) == ("success", "logged", None)
    messages = [entry.message for entry in result.logs]
    assert messages[0] == "before"
    assert messages[1].startswith("[\n  1, 1, 1,") and messages[1].endswith("  1, 1, 1, 1,\n  ... 9999900 more items\n]")
    assert messages[1].count("1,") == 100
    assert messages[2].startswith("Uint8Array(30000000) [\n  0, 0,")
    assert messages[2].endswith("\n  ... 29999900 more items\n]")
    assert messages[3:] == ["[ 1, 2, extra: 'x', [Symbol(s)]: 3 ]", "Uint8Array(3) [ 0, 0, 0, extra: 'y' ]",
                            "[ 0, 0, 0, [length]: 3, added: true ]"]
