"""A handler's index setters on Array.prototype and its replaced push never run for segtui's own lists (timers' queues,
a request's header lines, a decoder's code units, npm buffer's and the URL library's arrays), as Node's natives and
primordials never call its push, and its native Buffer, URL, http, timers and crypto none of its setters either."""

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
    "timers": "await new Promise((resolve) => setTimeout(resolve, 1)); await new Promise((resolve) => setImmediate(resolve));"
              " await new Promise((resolve) => process.nextTick(resolve)); await new Promise((resolve) => queueMicrotask(resolve));"
              " await new Promise((resolve) => { let n = 0; const id = setInterval(() => { if (++n === 2) { clearInterval(id); resolve(); } }, 1); });",
    "fetch": "const url = settings.base.replace('://', '://user:pass@') + '/collect';"
             " const answers = await Promise.all([fetch(url, { method: 'POST', headers: { 'x-a': '1' }, body: '{}' }), fetch(url)]);"
             " for (const answer of answers) await answer.text();",
    "https": "await new Promise((resolve) => { const req = https.request('https://127.0.0.1:1/', { headers: { 'x-b': ['1', '2'] } });"
             " req.on('error', () => resolve()); req.end('body'); });",
    "buffer": "Buffer.from([0x68, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0x28]).toString();"
              " Buffer.from('h\u00e9llo \\u{1F600}').toString('hex'); Buffer.from('abc').toString('base64');"
              " Buffer.from('abcdef').copy(Buffer.alloc(6), 1, 2, 4); new TextDecoder().decode(new TextEncoder().encode('h\u00e9'));",
    "url": "const url = new URL('https://user@x.test/a/../b?c=1#d'); url.pathname = '/e'; url.href;",
    "crypto": "crypto.createHash('sha256').update('abc').digest('hex'); crypto.createHmac('sha256', 'k').update('abc').digest();"
              " const key = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt']);"
              " await crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, new Uint8Array(3));"
              " await crypto.subtle.digest('SHA-256', new Uint8Array(3));",
    "intl": "new Date(0).toLocaleTimeString('en-US', { hour12: false, timeZone: 'UTC' });",
}


@pytest.fixture
def runner(engine, tmp_path):
    return HandlerRunner(engine, tmp_path)


@pytest.mark.parametrize("step", sorted(STEPS))
def test_segtuis_own_lists_call_no_push_nor_index_setter_of_the_handlers(runner, loopback, step):
    source = WATCH + f"async function onTrack(event, settings) {{ return watched(async () => {{ {STEPS[step]} }}); }}"
    result = runner.run(source, settings={"base": loopback.base})
    assert (result.outcome, result.error, result.return_value) == ("success", None, [0, 0])


def test_console_formats_with_nodes_push_whatever_the_handler_put_there(runner):
    # Node's util.inspect pushes by its primordials: the handler's push is never called (an index setter still is).
    source = WATCH + "async function onTrack() { return watched(async () => console.log({ a: [1, { b: 2 }] }, [3])); }"
    result = runner.run(source)
    assert (result.return_value[0], [log.message for log in result.logs]) == (0, ["{ a: [ 1, { b: 2 } ] } [ 3 ]"])


def test_a_request_keeps_its_headers_when_push_and_the_index_setters_do_nothing(runner, loopback):
    source = ("Array.prototype.push = function () { return 0; };\n"
              "for (let i = 0; i < 8; i++) Object.defineProperty(Array.prototype, i, { set() {}, configurable: true });\n"
              "async function onTrack(event, settings) {\n"
              "  const answer = await fetch(settings.base + '/collect', { method: 'POST', headers: { 'x-a': '1' }, body: 'hi' });\n"
              "  return [answer.status, Buffer.from('h\u00e9 \\u{1F600}').toString(), new URL('https://x.test/a/../b').href];\n"
              "}\n")
    result = runner.run(source, settings={"base": loopback.base})
    assert result.return_value == [200, "h\u00e9 \U0001F600", "https://x.test/b"]
    [received] = loopback.take()
    names = [line.split(b":")[0].lower() for line in received.header_lines]
    assert names == [b"x-a", b"content-type", b"accept", b"content-length", b"user-agent", b"accept-encoding",
                     b"connection", b"host"]
    assert received.body == b"hi"
