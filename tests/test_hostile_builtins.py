"""Built-ins a handler replaces for itself leave segtui's own fetch working, as Node's primordials leave node-fetch's."""

from __future__ import annotations

import pytest

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig

# Each was called by segtui's fetch (its url.parse, request or body) as the handler left it; Node 20 fetches.
REPLACED = ["Set.prototype.has", "String.prototype.startsWith", "String.prototype.endsWith", "String.prototype.search",
            "String.prototype.lastIndexOf", "String.prototype.includes", "RegExp.prototype[Symbol.search]", "Promise.resolve", "globalThis.Number",
            "globalThis.Error"]


@pytest.fixture(scope="module")
def engine():
    engine = Engine(SandboxConfig(timeout_s=5))
    engine.start()
    yield engine
    engine.close()


@pytest.mark.parametrize("name", REPLACED)
def test_a_built_in_the_handler_replaced_leaves_its_fetch_and_the_next_event_working(engine, loopback, tmp_path, name):
    (tmp_path / "replaces.js").write_text(
        "async function onTrack(event, settings) {\n"
        f"  if (event.event === 'hostile') {name} = function () {{ throw new TypeError('replaced'); }};\n"
        "  const res = await fetch(settings.base + '/json?from=' + event.event + '#x');\n"
        "  return [res.status, (await res.json()).ok];\n}\n")
    assert engine.load(tmp_path / "replaces.js").ok
    results = [engine.invoke({"type": "track", "event": event}, {"base": loopback.base}) for event in ("hostile", "next")]
    assert [(result.outcome, result.return_value) for result in results] == [("success", [200, True])] * 2, results[0].error
    assert len(loopback.take()) == 2


def test_a_regexp_flags_getter_the_handler_redefined_leaves_its_fetch_working(engine, loopback, tmp_path):
    # segtui's url.parse replaced text by RegExps, whose replace reads their flags: the handler's getter threw.
    (tmp_path / "flags.js").write_text(
        "async function onTrack(event, settings) {\n"
        "  Object.defineProperty(RegExp.prototype, 'flags', { configurable: true, get() { throw new TypeError('flags'); } });\n"
        "  const res = await fetch(settings.base + '/json?a b=1');\n"
        "  return [res.status, res.url];\n}\n")
    assert engine.load(tmp_path / "flags.js").ok
    result = engine.invoke({"type": "track"}, {"base": loopback.base})
    assert (result.outcome, result.return_value) == ("success", [200, loopback.base + "/json?a%20b=1"]), result.error
    assert [request.target for request in loopback.take()] == ["/json?a%20b=1"]


# Each was called by segtui's timers, cache or AbortSignal (its events) as the handler left it; Node 20 runs them.
REPLACED_ELSEWHERE = ["globalThis.Number", "Number.isNaN", "Date.now", "globalThis.Date", "Error.captureStackTrace",
                      "WeakSet.prototype.add", "WeakSet.prototype.has"]


@pytest.mark.parametrize("name", REPLACED_ELSEWHERE)
def test_a_built_in_the_handler_replaced_leaves_its_timers_cache_and_aborts_working(engine, loopback, tmp_path, name):
    (tmp_path / "replaces.js").write_text(
        "async function onTrack(event, settings) {\n"
        f"  {name} = function () {{ throw new TypeError('replaced'); }};\n"
        "  const timed = await new Promise((resolve) => setTimeout(() => resolve('timer'), 1));\n"
        "  const cached = await cache.load('key', 1000, async () => 'cached');\n"
        "  const controller = new AbortController();\n"
        "  const pending = fetch(settings.base + '/json', { signal: controller.signal });\n"
        "  controller.abort();\n"
        "  const aborted = await pending.then(() => 'not aborted', (error) => error.name);\n"
        "  return [timed, cached, aborted, controller.signal.aborted];\n}\n")
    assert engine.load(tmp_path / "replaces.js").ok
    result = engine.invoke({"type": "track"}, {"base": loopback.base})
    assert (result.outcome, result.return_value) == ("success", ["timer", "cached", "AbortError", True]), result.error


# Array.prototype.push and join: the vendored npm buffer's toString pushes and joins, which it did with the handler's.
@pytest.mark.parametrize("name", ["Array.prototype.every", "Array.prototype.some", "Array.prototype.includes",
                                  "Array.prototype.map", "Array.prototype.slice", "Array.prototype.push",
                                  "Array.prototype.join", "Function.prototype.apply", "String.fromCharCode"])
def test_crypto_and_node_globals_work_with_an_array_method_the_handler_replaced(engine, tmp_path, name):
    (tmp_path / "globals.js").write_text(
        "async function onTrack() {\n"
        f"  {name} = function () {{ throw new TypeError('replaced'); }};\n"
        "  const key = await crypto.subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-256' }, false,\n"
        "                                            ['sign']);\n"
        "  const signed = await crypto.subtle.sign('HMAC', key, Buffer.from('x'));\n"
        "  const decoded = new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]));\n"
        "  const hash = crypto.createHash('sha256').update('a').update('b');\n"
        "  const hashes = [hash.copy().digest('hex'), crypto.createHmac('sha256', 'k').update('x').digest('base64')];\n"
        "  const equal = crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab'));\n"
        "  return [new Blob(['ab', 'c']).size, decoded, signed.byteLength, [hashes[0].length, hashes[1].length], equal];\n}\n")
    assert engine.load(tmp_path / "globals.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert (result.outcome, result.return_value) == ("success", [3, "A", 32, [64, 44], True]), result.error


@pytest.mark.parametrize("name", ["Buffer.from", "Uint8Array.prototype.subarray", "String.fromCharCode"])
def test_a_buffer_body_is_sent_whatever_buffer_method_the_handler_replaced(engine, loopback, tmp_path, name):
    # A probe: with Buffer.from or Uint8Array.prototype.subarray replaced, a Buffer body failed with the handler's
    # error (segtui cut it in pieces with the Buffer's subarray, which makes each through Buffer.from); Node sends it.
    (tmp_path / "buffers.js").write_text(
        "async function onTrack(event, settings) {\n"
        "  const body = Buffer.from([0, 1, 2, 0xfe, 0xff, 104, 105]);\n"
        f"  {name} = function () {{ throw new TypeError('replaced'); }};\n"
        "  const res = await fetch(settings.base + '/echo', { method: 'POST', body });\n"
        "  return res.status;\n}\n")
    assert engine.load(tmp_path / "buffers.js").ok
    result = engine.invoke({"type": "track", "event": "hostile"}, {"base": loopback.base})
    assert (result.outcome, result.return_value) == ("success", 200), result.error
    [received] = loopback.take()
    assert received.body == bytes([0, 1, 2, 0xFE, 0xFF, 104, 105])


@pytest.mark.parametrize("name", ["WeakMap.prototype.get", "WeakMap.prototype.set", "WeakMap.prototype.delete"])
def test_urls_and_fetch_work_with_a_weakmap_method_the_handler_replaced(engine, loopback, tmp_path, name):
    # segtui's URL kept Node's path of each URL (a `^` in it) in a WeakMap through its methods as the handler left
    # them: every `new URL`, segtui's own in fetch too, threw the handler's error. Node 20 makes them.
    (tmp_path / "weakmap.js").write_text(
        "async function onTrack(event, settings) {\n"
        f"  {name} = function () {{ throw new TypeError('replaced'); }};\n"
        "  const url = new URL(settings.base + '/json/^');\n"
        "  const parsed = URL.parse('https://a.com/b^');\n"
        "  const res = await fetch(settings.base + '/json');\n"
        "  return [url.href, String(url), url.pathname, parsed.href, res.status];\n}\n")
    assert engine.load(tmp_path / "weakmap.js").ok
    result = engine.invoke({"type": "track"}, {"base": loopback.base})
    expected = [loopback.base + "/json/^", loopback.base + "/json/^", "/json/^", "https://a.com/b^", 200]
    assert (result.outcome, result.return_value) == ("success", expected), result.error
    assert [request.target for request in loopback.take()] == ["/json"]


def test_web_crypto_and_the_function_constructor_work_with_an_array_iterator_the_handler_replaced(engine, tmp_path):
    # A probe: each SubtleCrypto method destructured its converted arguments, and the Function constructor's stand-in
    # put Error.prepareStackTrace back with a destructured parameter, through the handler's iterator: the one failed,
    # the other left segtui's prepareStackTrace in place, so every later error's stack, the next event's too, was a
    # call site. Node 20 runs both (its Web Crypto once loaded, as a first event here loads it), and stacks stay text.
    (tmp_path / "iterator.js").write_text(
        "async function onTrack(event) {\n"
        "  const iterate = Array.prototype[Symbol.iterator];\n"
        "  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);  // its usages iterated\n"
        "  if (event.event === 'hostile') Array.prototype[Symbol.iterator] = function () { throw new TypeError('replaced'); };\n"
        "  try {\n"
        "    const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(1));\n"
        "    const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);\n"
        "    const raw = await crypto.subtle.exportKey('raw', pair.publicKey);\n"
        "    return [digest.byteLength, new Function('a', 'return a * 2')(21), typeof new Error('x').stack, jwk.key_ops,\n"
        "      raw.byteLength];\n"
        "  } finally {\n"
        "    Array.prototype[Symbol.iterator] = iterate;\n"
        "  }\n}\n")
    assert engine.load(tmp_path / "iterator.js").ok
    results = list(engine.invoke_many([{"type": "track", "event": name} for name in ("plain", "hostile", "next")], {}))
    assert [(result.outcome, result.return_value) for result in results] == [("success", [32, 42, "string", ["sign"], 32])] * 3, \
        results[1].error


@pytest.mark.parametrize("name", ["String.prototype.replace", "String.prototype.split", "String.prototype.toLowerCase"])
def test_base64_in_and_out_of_buffers_and_btoa_work_with_a_text_method_the_handler_replaced(engine, tmp_path, name):
    # A probe: npm buffer names encodings with toLowerCase and cleans base64 text with split and replace, as it did with
    # the handler's; Node's native Buffer calls none of them.
    (tmp_path / "texts.js").write_text(
        "async function onTrack(event) {\n"
        f"  if (event.event === 'hostile') {name} = function () {{ throw new TypeError('replaced'); }};\n"
        "  return Buffer.from('aGVsbG8=', 'base64').toString('hex') + Buffer.from('hi').toString('base64') +\n"
        "    Buffer.from('-_8', 'base64url').toString('base64url') + btoa('hello') + atob('aGk=');\n}\n")
    assert engine.load(tmp_path / "texts.js").ok
    plain, hostile = engine.invoke_many([{"type": "track", "event": name} for name in ("plain", "hostile")], {})
    assert plain.outcome == "success", plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


@pytest.mark.parametrize("name", ["String.prototype.toLowerCase", "String.prototype.slice", "Set.prototype.has",
                                  "Object.assign"])
def test_hashes_and_uuids_work_with_a_built_in_the_handler_replaced(engine, tmp_path, name):
    # A probe: segtui's crypto named a digest with toLowerCase and looked it up with Set.prototype.has, built its
    # request to the host with Object.assign and cut a UUID with slice, as the handler left them; Node's are native.
    (tmp_path / "hashes.js").write_text(
        "async function onTrack(event) {\n"
        f"  if (event.event === 'hostile') {name} = function () {{ throw new TypeError('replaced'); }};\n"
        "  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(1));\n"
        "  return [crypto.createHash('SHA256').update('a').digest('hex'), crypto.createHmac('md5', 'k').update('x')\n"
        "    .digest('base64url'), crypto.createHash('sha256').copy().digest('hex'), crypto.randomUUID().length,\n"
        "    digest.byteLength];\n}\n")
    assert engine.load(tmp_path / "hashes.js").ok
    plain, hostile = engine.invoke_many([{"type": "track", "event": name} for name in ("plain", "hostile")], {})
    assert plain.outcome == "success", plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


@pytest.mark.parametrize("name", ["Array.prototype[Symbol.iterator]", "Set.prototype.add", "RegExp.prototype.exec"])
def test_crypto_first_used_after_the_handler_replaced_a_built_in_works(tmp_path, name):
    # A probe: the first hash listed the host's digests into Sets through the iterator and add, a JWK's key_ops and a
    # signing key's options were iterated, and a DER key was made PEM (and back) with RegExps: each as the handler left
    # it. Node's crypto is native; here each event runs in a fresh sandbox, so the replacement comes before any crypto.
    # Key usages are an iterable of the handler's own, as WebIDL (Node's too) iterates them as the handler left things.
    (tmp_path / "first.js").write_text(
        "async function onTrack(event) {\n"
        "  const saved = " + name + ";\n"
        f"  if (event.event === 'hostile') {name} = function () {{ throw new TypeError('replaced'); }};\n"
        "  const usages = (...names) => ({ [Symbol.iterator]: () => {\n"
        "    let i = 0;\n"
        "    return { next: () => (i < names.length ? { value: names[i++], done: false } : { done: true }) };\n"
        "  } });\n"
        "  try {\n"
        "    const s = crypto.subtle;\n"
        "    const hash = crypto.createHash('sha256').update('a').digest('hex');\n"
        "    const hmac = await s.importKey('raw', new Uint8Array(16), { name: 'HMAC', hash: 'SHA-256' }, true, usages('sign'));\n"
        "    const jwk = await s.exportKey('jwk', hmac);\n"
        "    const ec = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, usages('sign', 'verify'));\n"
        "    const ecJwk = await s.exportKey('jwk', ec.publicKey);\n"
        "    const signature = await s.sign({ name: 'ECDSA', hash: 'SHA-256' }, ec.privateKey, new Uint8Array(1));\n"
        "    const spki = await s.exportKey('spki', ec.publicKey);\n"
        "    const imported = await s.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, usages('verify'));\n"
        "    const der = crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });\n"
        "    return [hash, jwk.key_ops[0], ecJwk.crv, ecJwk.key_ops.length, signature.byteLength, spki.byteLength,\n"
        "      imported.type, der.asymmetricKeyType, der.export({ type: 'spki', format: 'der' }).length];\n"
        "  } finally {\n"
        f"    {name} = saved;\n"
        "  }\n}\n")
    results = []
    for event in ("plain", "hostile"):
        engine = Engine(SandboxConfig(timeout_s=10))
        try:
            engine.start()
            assert engine.load(tmp_path / "first.js").ok
            results.append(engine.invoke({"type": "track", "event": event}, {}))
        finally:
            engine.close()
    plain, hostile = results
    assert (plain.outcome, plain.return_value) == ("success", [
        "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb", "sign", "P-256", 1, 64, 91, "public", "ec",
        91]), plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


def test_a_blobs_type_is_lower_cased_whatever_the_handler_put_on_string_to_lower_case(engine, tmp_path):
    # A probe: Node's Blob, and the one node-fetch's Response.blob() makes, lower-cased the type with the handler's.
    (tmp_path / "blobs.js").write_text(
        "async function onTrack(event) {\n"
        "  const lower = String.prototype.toLowerCase;\n"
        "  if (event.event === 'hostile') String.prototype.toLowerCase = function () { return 'replaced'; };\n"
        "  try {\n"
        "    const fetched = await new Response('x', { headers: { 'content-type': 'Text/Plain' } }).blob();\n"
        "    return [new Blob(['x'], { type: 'Text/Plain' }).type, fetched.type];\n"
        "  } finally {\n"
        "    String.prototype.toLowerCase = lower;\n"
        "  }\n}\n")
    assert engine.load(tmp_path / "blobs.js").ok
    plain, hostile = engine.invoke_many([{"type": "track", "event": name} for name in ("plain", "hostile")], {})
    assert (plain.outcome, plain.return_value) == ("success", ["text/plain", "text/plain"]), plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


@pytest.mark.parametrize("name", ["Function.prototype.call", "Math.min"])
def test_buffers_of_bytes_and_text_decoders_work_with_call_or_math_min_replaced(engine, tmp_path, name):
    # A probe: Buffer.from of an ArrayBuffer (and subarray, which makes one), concat, compare and equals called npm
    # buffer through the handler's Function.prototype.call, and npm buffer's compare its Math.min; TextDecoder's decode
    # uses both. Node's Buffer is native.
    (tmp_path / "bytes.js").write_text(
        "async function onTrack(event) {\n"
        f"  const saved = {name};\n"
        f"  if (event.event === 'hostile') {name} = function () {{ throw new TypeError('replaced'); }};\n"
        "  try {\n"
        "    const u = new Uint8Array([104, 105]);\n"
        "    const b = Buffer.from(u.buffer, 0, 2);\n"
        "    return [b.length, b.subarray(0, 1).length, Buffer.concat([b, b]).length, Buffer.compare(b, b),\n"
        "      b.equals(Buffer.from('hi')), new TextDecoder().decode(u)];\n"
        "  } finally {\n"
        f"    {name} = saved;\n"
        "  }\n}\n")
    assert engine.load(tmp_path / "bytes.js").ok
    plain, hostile = engine.invoke_many([{"type": "track", "event": name} for name in ("plain", "hostile")], {})
    assert (plain.outcome, plain.return_value) == ("success", [2, 1, 4, 0, True, "hi"]), plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error
