"""A handler that replaces RegExp.prototype.exec leaves segtui's Buffer, crypto, text codecs and Function constructor
working, as Node 20's native ones work (their code runs no RegExp a handler can reach)."""

from __future__ import annotations

import pytest

ENGINE_OPTIONS = {"timeout_s": 5}

# Each failed with the handler's error (segtui decided a Buffer's encoding, a hash's name or a Function's source with a
# RegExp, whose test and replace call the exec a handler put on RegExp.prototype, and npm buffer's base64 and core-js's
# URL run RegExps); Node 20 gives the same value as before the replacement.
EXPRESSIONS = {
    "a buffer's text": "Buffer.from('héllo').toString() + Buffer.from('hi').toString('hex')",
    "a buffer's inspect": "Buffer.from('hi').inspect() + Buffer.alloc(51).inspect()",
    "a buffer's base64url": "Buffer.from([251, 255]).toString('base64url') + Buffer.from('-_8', 'base64url').length",
    "a hash": "crypto.createHash('sha256').update('a').digest('hex')",
    "an hmac in base64url": "crypto.createHmac('sha256', 'k').update('x').digest('base64url')",
    "a random uuid's shape": "crypto.randomUUID().length",
    "a web crypto digest": "(await crypto.subtle.digest('SHA-256', new Uint8Array([1]))).byteLength",
    "btoa": "btoa('hello')",
    "a text decoder": "new TextDecoder().decode(new Uint8Array([104, 195, 169]))",
    "the Function constructor": "new Function('a', 'b', 'return a + b')(1, 2)",
    "a blob's type": "new Blob(['x'], { type: 'Text/Plain' }).type",
    "base64 decoded": "Buffer.from('aGVs bG8=', 'base64').toString() + atob('aGk=')",
    "a URL": "new URL('https://ex.com/a b?q=1#h').href + new URLSearchParams('a=1&b=2 3').get('b')",
}


@pytest.mark.parametrize("expression", list(EXPRESSIONS.values()), ids=list(EXPRESSIONS))
def test_a_replaced_regexp_exec_leaves_segtuis_own_built_ins_working(engine, tmp_path, expression):
    (tmp_path / "regexps.js").write_text(
        "async function onTrack(event) {\n"
        "  if (event.event === 'hostile') RegExp.prototype.exec = function () { throw new TypeError('replaced exec'); };\n"
        f"  return {expression};\n}}\n")
    assert engine.load(tmp_path / "regexps.js").ok
    plain, hostile = engine.invoke_many([{"type": "track", "event": name} for name in ("plain", "hostile")], {})
    assert plain.outcome == "success", plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


def test_a_search_params_callback_runs_in_the_handlers_world_while_regexp_exec_is_replaced(engine, tmp_path):
    # The callback ran with RegExp.prototype as at start (its exec not called) and what it set was undone after it.
    (tmp_path / "callback.js").write_text(
        "async function onTrack(event) {\n"
        "  let count = 0;\n"
        "  const exec = RegExp.prototype.exec;\n"
        "  RegExp.prototype.exec = function (s) { count++; return exec.call(this, s); };\n"
        "  const seen = [];\n"
        "  new URL('https://a.test/?q=1&r=2').searchParams.forEach((v, k) => {\n"
        "    const before = count; /x/.test('x'); seen.push(k + ':' + (count - before));\n"
        "    String.prototype.shout = function () { return this.toUpperCase() + '!'; };\n"
        "  });\n"
        "  const shout = typeof String.prototype.shout;\n"
        "  new URLSearchParams('a=1').forEach(() => { RegExp.prototype.exec = exec; });\n"
        "  return [seen.join(','), shout, RegExp.prototype.exec === exec];\n}\n")
    assert engine.load(tmp_path / "callback.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert (result.outcome, result.return_value) == ("success", ["q:1,r:1", "function", True]), result.error
