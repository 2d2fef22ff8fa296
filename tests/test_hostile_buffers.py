"""Buffers, Blobs, text codecs and hashes work whatever built-in a handler replaced, as Node 20's native ones do."""

from __future__ import annotations

import pytest

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig


@pytest.fixture(scope="module")
def engine():
    engine = Engine(SandboxConfig(timeout_s=5))
    engine.start()
    yield engine
    engine.close()


def _plain_and_hostile(engine, tmp_path, name, body):
    """The handler's `body` run once as is and once with `name` replaced by a function that throws (put back after).

    The hostile run fails if the replacement ran at all, even where a caller caught what it threw.
    """
    (tmp_path / "replaces.js").write_text(
        "async function onTrack(event) {\n"
        f"  const saved = {name};\n"
        "  let calls = 0;\n"
        f"  if (event.event === 'hostile') {name} = function () {{ calls++; throw new TypeError('replaced'); }};\n"
        f"  try {{\n    const value = await (async () => {{\n{body}\n    }})();\n"
        f"    if (calls > 0) throw new Error('the handler\\'s {name} ran ' + calls + ' times');\n"
        f"    return value;\n  }} finally {{\n    {name} = saved;\n  }}\n}}\n")
    assert engine.load(tmp_path / "replaces.js").ok
    return engine.invoke_many([{"type": "track", "event": event} for event in ("plain", "hostile")], {})


# A probe: npm buffer's fill pushed a text's bytes, found its encoding by toLowerCase and its one character by
# charCodeAt, base64-js found padding by indexOf, every Buffer was made by Object.setPrototypeOf, concat copied by the
# typed array's set and writeDoubleLE reckoned with Math.pow: each the handler's. Node's Buffer calls none of them.
@pytest.mark.parametrize("name", ["Array.prototype.push", "String.prototype.toLowerCase", "String.prototype.charCodeAt",
                                  "String.prototype.indexOf", "Object.setPrototypeOf", "Uint8Array.prototype.set",
                                  "Math.pow", "Math.min", "Math.max"])
def test_buffers_blobs_and_hashes_work_with_a_built_in_the_handler_replaced(engine, tmp_path, name):
    plain, hostile = _plain_and_hostile(engine, tmp_path, name, (
        "    const double = Buffer.alloc(8);\n"
        "    double.writeDoubleLE(1.5);\n"
        "    const blob = new Blob(['ab', Buffer.from('cd'), new Uint8Array([101])]);\n"
        "    return [Buffer.alloc(3, 'x').toString(), Buffer.from('aGk=', 'base64').toString(), Buffer.from('hé').length,\n"
        "      Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(), double.readDoubleLE(0), blob.size,\n"
        "      await blob.slice(1, -1).text(), crypto.createHmac('sha256', 'k').update('x').digest('hex').length,\n"
        "      new TextDecoder().decode(new TextEncoder().encode('hé'))];"))
    assert (plain.outcome, plain.return_value) == ("success", ["xxx", "hi", 3, "ab", 1.5, 5, "bcd", 64, "hé"]), plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


# A probe: Blob, TextEncoder and TextDecoder made their bytes with Buffer.from, alloc and concat as the handler left
# them on the global Buffer, and crypto's digests too; Node's Blob, codecs and hashes are native.
@pytest.mark.parametrize("name", ["Buffer.from", "Buffer.alloc", "Buffer.concat"])
def test_blobs_codecs_and_hashes_work_with_a_buffer_static_the_handler_replaced(engine, tmp_path, name):
    plain, hostile = _plain_and_hostile(engine, tmp_path, name, (
        "    const blob = new Blob(['ab', 'c']);\n"
        "    return [blob.size, await blob.text(), new TextEncoder().encode('hé').length,\n"
        "      new TextDecoder().decode(new Uint8Array([104, 105])), crypto.createHash('md5').update('x').digest('base64'),\n"
        "      crypto.randomUUID().length];"))
    assert (plain.outcome, plain.return_value) == ("success", [3, "abc", 3, "hi", "ndTkYSaMgDT1yFZOFVxnpg==", 36]), \
        plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


def test_a_buffers_subarray_slice_and_map_work_with_buffer_from_replaced(engine, tmp_path):
    # A probe: a Buffer's subarray (and slice, map, filter) made its result through Buffer[Symbol.species], which was
    # Buffer itself, calling the handler's Buffer.from; Node's species is FastBuffer, a Uint8Array of Buffer's prototype.
    plain, hostile = _plain_and_hostile(engine, tmp_path, "Buffer.from", (
        "    const buf = new TextEncoder().encode('hello world');\n"
        "    const bytes = Buffer.alloc(buf.length);\n"
        "    bytes.set(buf);\n"
        "    const sub = bytes.subarray(1, 3);\n"
        "    return [sub.toString(), bytes.slice(-3).toString(), bytes.map((x) => x + 1).toString('hex').length,\n"
        "      bytes.filter((x) => x > 108).toString(), Buffer.isBuffer(sub), sub instanceof Buffer, sub.constructor === Buffer,\n"
        "      sub.buffer === bytes.buffer, Buffer[Symbol.species].name, Buffer[Symbol.species] === Buffer];"))
    assert (plain.outcome, plain.return_value) == ("success", [
        "el", "rld", 22, "owor", True, True, True, True, "FastBuffer", False]), plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


def test_segtui_runs_no_getter_the_handler_put_on_a_built_in_it_checks(engine, tmp_path):
    # A probe: before each Buffer call, segtui checked whether the handler had replaced the built-ins npm buffer calls
    # by reading them, which ran a getter the handler defined there (21 times for push in these calls); Node reads none.
    (tmp_path / "getters.js").write_text(
        "async function onTrack() {\n"
        "  const reads = {};\n"
        "  const watch = (owner, key, label) => {\n"
        "    const original = owner[key];\n"
        "    Object.defineProperty(owner, key, { configurable: true, get() { reads[label] = (reads[label] || 0) + 1; return original; } });\n"
        "    return () => Object.defineProperty(owner, key, { configurable: true, writable: true, value: original });\n"
        "  };\n"
        "  const undo = [watch(Array.prototype, 'push', 'push'), watch(String.prototype, 'toLowerCase', 'toLowerCase'),\n"
        "    watch(Math, 'min', 'min'), watch(String, 'fromCharCode', 'fromCharCode'), watch(RegExp.prototype, 'exec', 'exec')];\n"
        "  try {\n"
        "    const b = Buffer.from('hello');\n"
        "    return [[b.toString(), b.toString('base64'), Buffer.from('aGk=', 'base64').length, btoa('hi'), atob('aGk='),\n"
        "      crypto.createHash('sha256').update('x').digest('hex').length, Buffer.concat([b, b]).length], reads];\n"
        "  } finally {\n"
        "    for (let i = 0; i < undo.length; i++) undo[i]();\n"
        "  }\n}\n")
    assert engine.load(tmp_path / "getters.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert (result.outcome, result.return_value) == ("success", [["hello", "aGVsbG8=", 2, "aGk=", "hi", 64, 10], {}]), \
        result.error


@pytest.mark.parametrize("call", ["Buffer.alloc(-1)", "Buffer.alloc(2).write('x', 5)", "Buffer.alloc(8).readDoubleLE(100)",
                                  "Buffer.from('ab').indexOf({})", "Buffer.from('ab').slice(Symbol())"])
def test_a_buffer_methods_error_keeps_the_handlers_frames(engine, tmp_path, call):
    # A probe: each Buffer method ran through ~4 frames of segtui's, which counted against V8's Error.stackTraceLimit of
    # 10 before segtui took them out, so four calls deep the stack showed only f1; Node's shows up to onTrack. A V8
    # built-in the method called may head it, as in Node's (`at trunc (<anonymous>)` for slice(Symbol())).
    (tmp_path / "deep.js").write_text(
        "function f1() { return " + call + "; }\n"
        "function f2() { return f1(); }\nfunction f3() { return f2(); }\nfunction f4() { return f3(); }\n"
        "async function onTrack() { return f4(); }\n")
    assert engine.load(tmp_path / "deep.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert result.error is not None, result.outcome
    lines = result.error.stack.splitlines()[1:]
    if lines and lines[0].endswith("(<anonymous>)"):
        lines = lines[1:]
    assert [line.split()[1] for line in lines] == ["f1", "f2", "f3", "f4", "onTrack"]


# A probe: npm buffer's float and double writes reckoned with Math.log and the global isNaN, which segtui did not put
# back; Node's (and now segtui's) go through a Float32Array's or Float64Array's bytes.
@pytest.mark.parametrize("name", ["Math.log", "isNaN"])
def test_float_and_double_writes_work_with_a_math_function_the_handler_replaced(engine, tmp_path, name):
    plain, hostile = _plain_and_hostile(engine, tmp_path, name, (
        "    const bytes = Buffer.alloc(12);\n"
        "    bytes.writeDoubleLE(1.5);\n"
        "    bytes.writeFloatBE(-0.25, 8);\n"
        "    return [bytes.readDoubleLE(0), bytes.readFloatBE(8), bytes.toString('hex')];"))
    assert (plain.outcome, plain.return_value) == ("success", [1.5, -0.25, "000000000000f83fbe800000"]), plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


def test_a_built_in_replaced_by_an_accessor_is_put_back_whatever_object_prototype_holds(engine, tmp_path):
    # A probe: segtui checked a watched built-in by its descriptor's `value`, read through Object.prototype when the
    # handler had made it an accessor: Object.prototype.value's getter ran and hid the replacement, which then threw.
    (tmp_path / "value.js").write_text(
        "async function onTrack() {\n"
        "  const fromCharCode = String.fromCharCode;\n"
        "  let reads = 0;\n"
        "  Object.defineProperty(String, 'fromCharCode', { configurable: true, get() { return () => { throw new TypeError('replaced'); }; } });\n"
        "  Object.defineProperty(Object.prototype, 'value', { configurable: true, get() { reads++; return fromCharCode; } });\n"
        "  try {\n"
        "    return [Buffer.from('hi').toString(), reads];\n"
        "  } catch (error) {\n"
        "    return [error.message, reads];\n"
        "  } finally {\n"
        "    delete Object.prototype.value;\n"
        "    Object.defineProperty(String, 'fromCharCode', { value: fromCharCode, writable: true, configurable: true });\n"
        "  }\n}\n")
    assert engine.load(tmp_path / "value.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert (result.outcome, result.return_value) == ("success", ["hi", 0]), result.error


def test_what_the_handler_sets_from_inside_a_buffer_method_stays(engine, tmp_path):
    # A probe: with Math.min replaced, a Buffer's toString ran with it put back as at start; the offset's valueOf,
    # called from inside, set Math.min again, and segtui then put back the first replacement over it. Node keeps it.
    (tmp_path / "inside.js").write_text(
        "async function onTrack() {\n"
        "  const min = Math.min;\n"
        "  const second = (...values) => min(...values);\n"
        "  Math.min = (...values) => min(...values);\n"
        "  try {\n"
        "    const start = { valueOf() { Math.min = second; return 1; } };\n"
        "    return [Buffer.from('hello').toString('utf8', start, 3), Math.min === second];\n"
        "  } finally {\n"
        "    Math.min = min;\n"
        "  }\n}\n")
    assert engine.load(tmp_path / "inside.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert (result.outcome, result.return_value) == ("success", ["el", True]), result.error


# A probe: crypto.subtle's AES ciphers, derivations and Ed25519/X25519 keys made their bytes with the global Buffer's
# from and concat as the handler left them; Node's Web Crypto never calls those.
@pytest.mark.parametrize("name", ["Buffer.from", "Buffer.concat"])
def test_web_crypto_works_with_a_buffer_static_the_handler_replaced(engine, tmp_path, name):
    plain, hostile = _plain_and_hostile(engine, tmp_path, name, (
        "    const key = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt']);\n"
        "    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, new Uint8Array([1, 2, 3]));\n"
        "    const base = await crypto.subtle.importKey('raw', new Uint8Array(8), 'HKDF', false, ['deriveBits']);\n"
        "    const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0),\n"
        "      info: new Uint8Array(0) }, base, 128);\n"
        "    return [new Uint8Array(sealed).join(','), new Uint8Array(bits).join(',')];"))
    assert plain.outcome == "success", plain.error
    assert [len(text.split(",")) for text in plain.return_value] == [19, 16]
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


def test_buffer_statics_construct_as_nodes(engine, tmp_path):
    # A probe: the statics wrapped to run npm buffer with the built-ins as at start were concise methods, so
    # `new Buffer.alloc(2)` threw "not a constructor"; Node's are plain functions.
    (tmp_path / "construct.js").write_text(
        "async function onTrack() {\n"
        "  return [new Buffer.alloc(2).length, new Buffer.allocUnsafe(3).length, new Buffer.alloc(2, 'a').toString(),\n"
        "    new Buffer.allocUnsafeSlow(1).length];\n}\n")
    assert engine.load(tmp_path / "construct.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert (result.outcome, result.return_value) == ("success", [2, 3, "aa", 1]), result.error


# A probe: segtui's own checks of a Buffer method's offset (buffer_refusals.js, buffer_bounds.js) called
# Number.isInteger and Math.floor as the handler left them, once they ran before the library's built-ins were put back.
@pytest.mark.parametrize("name", ["Number.isInteger", "Math.floor", "Math.abs"])
def test_buffer_offset_checks_work_with_a_number_function_the_handler_replaced(engine, tmp_path, name):
    plain, hostile = _plain_and_hostile(engine, tmp_path, name, (
        "    const bytes = Buffer.alloc(4);\n"
        "    const wrote = bytes.write('ab', 1, 2);\n"
        "    const target = Buffer.alloc(3);\n"
        "    bytes.copy(target, 1.5);\n"
        "    let refused;\n"
        "    try { bytes.readUInt16LE(1.5); } catch (error) { refused = error.code; }\n"
        "    return [wrote, bytes.toString('hex'), target.toString('hex'), refused];"))
    assert (plain.outcome, plain.return_value) == ("success", [2, "00616200", "000061", "ERR_OUT_OF_RANGE"]), plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


# Node's write, fill, concat, from and isEncoding (buffer_write.js and its callers) call no built-in of the handler's:
# the encodings are found without toLowerCase, the text read without charCodeAt, the bytes made with no global typed
# array, and no array is spread or destructured.
@pytest.mark.parametrize("name", ["Uint8Array", "ArrayBuffer", "Array.prototype[Symbol.iterator]",
                                  "String.prototype.toLowerCase", "String.prototype.charCodeAt", "String.fromCharCode",
                                  "RegExp.prototype.exec", "Number.isInteger", "Math.trunc", "Math.min"])
def test_node_writes_fills_and_concat_work_with_a_built_in_the_handler_replaced(engine, tmp_path, name):
    plain, hostile = _plain_and_hostile(engine, tmp_path, name, (
        "    const b = Buffer.alloc(6);\n"
        "    const written = [b.write('aé€', 0, 4, 'utf-8'), b.write('YW\\u0141j', 1, 'base64'), b.write('ab', 0, undefined, 'UCS2'),\n"
        "      b.write('6162', 2, 2, 'hex'), b.hexWrite('ff', 5), b.write('x', 0, 1, 'latin1')];\n"
        "    return [written.join(), b.toString('hex'), Buffer.alloc(4).fill(Buffer.from('\\x01\\x02\\x03', 'latin1').subarray(1)).toString('hex'),\n"
        "      Buffer.concat([Buffer.from('abc'), Buffer.from('def')], 4).toString(), Buffer.from('Y\\u0157Jj', 'base64').toString(),\n"
        "      Buffer.from('\\u0161\\u0162', 'hex').toString('hex'), Buffer.alloc(3, 'ab', 'LATIN1').toString(), Buffer.from('abc').hexSlice(1),\n"
        "      Buffer.from(Buffer.from('abcd').buffer, '1', '2').length, Buffer.isEncoding('Utf-8')];\n"))
    assert (plain.outcome, plain.return_value) == ("success", ["3,3,4,2,1,1", "7800616200ff", "02030203", "abcd", "abc",
                                                              "ab", "aba", "6263", 2, True]), plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


# A probe: an integer write's range was found by destructuring an array (the handler's Array iterator ran, and an
# array was made per call), and every Node error was given its toString by the handler's Object.defineProperty.
@pytest.mark.parametrize("name", ["Array.prototype[Symbol.iterator]", "Object.defineProperty"])
def test_integer_writes_and_node_errors_work_with_a_built_in_the_handler_replaced(engine, tmp_path, name):
    plain, hostile = _plain_and_hostile(engine, tmp_path, name, (
        "    const b = Buffer.alloc(8);\n"
        "    const refused = (attempt) => { try { attempt(); } catch (error) { return String(error); } };\n"
        "    return [b.writeIntLE(-5, 1, 3), b.writeInt16BE(-2, 4), b.toString('hex'), refused(() => b.writeUInt8(300)),\n"
        "      refused(() => b.writeIntBE(1 << 30, 0, 3)), refused(() => Buffer.alloc(-1))];"))
    out_of_range = 'RangeError [ERR_OUT_OF_RANGE]: The value of "{}" is out of range. It must be {}. Received {}'.format
    assert (plain.outcome, plain.return_value) == ("success", [4, 6, "00fbfffffffe0000",
        out_of_range("value", ">= 0 and <= 255", 300), out_of_range("value", ">= -8388608 and <= 8388607", 1073741824),
        out_of_range("size", ">= 0 && <= 4294967296", -1)]), plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


# A probe: UTF-16 text in fill, alloc and from went through npm buffer, which reads the global Uint8Array, ArrayBuffer
# and String when called; so did from(array), byteLength of one-byte, hex and UTF-16 text (ArrayBuffer.isView), and
# base64 decoded back to text (String.fromCharCode). Node's Buffer reads none of the handler's globals.
@pytest.mark.parametrize("name", ["Uint8Array", "ArrayBuffer", "String"])
def test_utf16_text_arrays_and_byte_lengths_work_with_a_global_the_handler_replaced(engine, tmp_path, name):
    plain, hostile = _plain_and_hostile(engine, tmp_path, name, (
        "    return [Buffer.alloc(4).fill('abcd', 'ucs2').toString('hex'), Buffer.alloc(4, 'abcd', 'utf16le').toString('hex'),\n"
        "      Buffer.from('abcd', 'ucs2').toString('hex'), Buffer.from([1, 2]).toString('hex'),\n"
        "      Buffer.byteLength('ab', 'latin1'), Buffer.byteLength('abcd', 'hex'), Buffer.byteLength('ab', 'ucs2'),\n"
        "      Buffer.from('aGk=', 'base64').toString(), Buffer.from('hi').toString('ucs2').length];"))
    assert (plain.outcome, plain.return_value) == ("success", ["61006200", "61006200", "6100620063006400", "0102", 2, 2,
                                                              4, "hi", 1]), plain.error
    assert (hostile.outcome, hostile.return_value) == ("success", plain.return_value), hostile.error


def test_cipher_and_hkdf_take_a_view_whose_prototype_the_handler_made_array_buffers(engine, tmp_path):
    # A probe: createCipheriv and hkdfSync asked `instanceof ArrayBuffer` before isView, so a Uint8Array the handler
    # gave ArrayBuffer.prototype went to Buffer.from, which refused it as a "first argument"; Node takes its bytes.
    (tmp_path / "odd_view.js").write_text(
        "async function onTrack() {\n"
        "  const odd = () => Object.setPrototypeOf(new Uint8Array(16).fill(9), ArrayBuffer.prototype);\n"
        "  const hex = (bytes) => Buffer.from(bytes).toString('hex');\n"
        "  return [crypto.createCipheriv('aes-128-ecb', odd(), null).update('x').length,\n"
        "    crypto.createCipheriv('aes-128-cbc', Buffer.alloc(16), odd()).final('hex'),\n"
        "    hex(crypto.hkdfSync('sha256', odd(), 's', 'i', 8)), hex(crypto.hkdfSync('sha256', 'k', odd(), 'i', 8))];\n"
        "}\n")
    assert engine.load(tmp_path / "odd_view.js").ok
    [result] = engine.invoke_many([{"type": "track", "event": "x"}], {})
    assert (result.outcome, result.return_value) == (  # as Node 20 answers
        "success", [0, "5cbd5bf3596b06b04aff80be294e44a7", "27c350fc1fb9c048", "f06f9dc76a9f75cf"]), result.error
