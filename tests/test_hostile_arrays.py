"""A handler's index setters on Array.prototype and its replaced push never run where Node 20's natives and primordials
call neither (its Buffer, URL and Intl; util.inspect's push). Where Node's own code calls them (http, fetch, webcrypto,
URLSearchParams' pairs), the conformance fixture hostile_array_setters_where_node_calls compares with Node."""

from __future__ import annotations

import pytest
from support.sandbox_helpers import HandlerRunner

# Setters for the first indexes and a push that each count their calls and then do what the built-in would (so the
# handler's own arrays still work); `watched` runs a step and returns [pushes, sets] its calls made.
WATCH = """
const calls = { push: 0, set: 0 };
const own = (list, index, value) => Object.defineProperty(list, index, { value, writable: true, enumerable: true, configurable: true });
for (let index = 0; index < 4; index++) {
  Object.defineProperty(Array.prototype, index, { configurable: true, set(value) { calls.set++; own(this, index, value); } });
}
Array.prototype.push = function (...items) {
  calls.push++;
  for (const item of items) own(this, this.length, item);
  return this.length;
};
async function watched(step) {
  const before = [calls.push, calls.set];
  await step();
  return [calls.push - before[0], calls.set - before[1]];
}
"""

STEPS = {
    "buffer": "Buffer.from([0x68, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0x28]).toString();"
              " Buffer.from('h\u00e9llo \\u{1F600}').toString('hex'); Buffer.from('abc').toString('base64');"
              " Buffer.from('abcdef').copy(Buffer.alloc(6), 1, 2, 4); new TextDecoder().decode(new TextEncoder().encode('h\u00e9'));",
    "url": "const url = new URL('https://user@x.test/a/../b?c=1#d'); url.pathname = '/e'; url.href;",
    "intl": "new Date(0).toLocaleTimeString('en-US', { hour12: false, timeZone: 'UTC' });",
}


@pytest.fixture
def runner(engine, tmp_path):
    return HandlerRunner(engine, tmp_path)


@pytest.mark.parametrize("step", sorted(STEPS))
def test_nodes_natives_call_no_push_nor_index_setter_of_the_handlers(runner, step):
    source = WATCH + f"async function onTrack(event, settings) {{ return watched(async () => {{ {STEPS[step]} }}); }}"
    result = runner.run(source)
    assert (result.outcome, result.error, result.return_value) == ("success", None, [0, 0])


def test_console_formats_with_nodes_push_whatever_the_handler_put_there(runner):
    # Node's util.inspect pushes by its primordials: the handler's push is never called (an index setter still is).
    source = WATCH + "async function onTrack() { return watched(async () => console.log({ a: [1, { b: 2 }] }, [3])); }"
    result = runner.run(source)
    assert (result.return_value[0], [log.message for log in result.logs]) == (0, ["{ a: [ 1, { b: 2 } ] } [ 3 ]"])

