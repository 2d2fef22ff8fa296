"""The `crypto` global in real V8, compared with Node 20's crypto module on the same inputs.

Each case is a JS expression; it runs inside a handler in segtui and under `node -e` with
`require('crypto')`, and both must give the same value or the same error (name, message, code).
Values from Node were also checked by hand for the cases that run without node.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from support.sandbox_helpers import HandlerRunner, make_engine

CASES = {
    "md5": "crypto.createHash('md5').update('hello').digest('hex')",
    "sha1_b64": "crypto.createHash('sha1').update('hello').digest('base64')",
    "sha256_chain": "crypto.createHash('sha256').update('a').update('b', 'utf8').update(Buffer.from('c')).digest('hex')",
    "sha384_latin1": "Buffer.from(crypto.createHash('sha384').update('x').digest('latin1'), 'latin1').toString('hex')",
    "sha512_binary": "crypto.createHash('sha512').update('x').digest('binary').length",
    "sha512_buffer": "crypto.createHash('SHA512').update('\\u00e9\\u{1F600}').digest().toString('hex')",
    "buffer_is_buffer": "Buffer.isBuffer(crypto.createHash('md5').update('').digest())",
    "input_hex": "crypto.createHash('sha256').update('ff00', 'hex').digest('hex')",
    "input_base64": "crypto.createHash('sha256').update('aGk=', 'base64').digest('hex')",
    "input_latin1": "crypto.createHash('sha256').update('\\u00ff\\u00e9', 'latin1').digest('hex')",
    "input_bad_encoding": "crypto.createHash('sha256').update('ab', 'nope').digest('hex')",
    "input_typed": "crypto.createHash('sha1').update(new Uint16Array([1, 2, 3]).subarray(1)).digest('hex')",
    "input_dataview": "crypto.createHash('sha1').update(new DataView(new Uint8Array([9, 8, 7]).buffer, 1)).digest('hex')",
    "digest_base64url": "crypto.createHash('sha256').update('?>').digest('base64url')",
    "digest_unknown_encoding": "Buffer.isBuffer(crypto.createHash('sha256').update('a').digest('nope'))",
    "sha3": "crypto.createHash('sha3-256').update('a').digest('hex')",
    "sha512_256": "crypto.createHash('sha512-256').update('a').digest('hex')",
    "alias_rsa": "crypto.createHash('RSA-SHA256').update('a').digest('hex')",
    "alias_dash": "crypto.createHash('sha-256').update('a').digest('hex')",
    "shake": "crypto.createHash('shake256', {outputLength: 5}).update('a').digest('hex')",
    "copy": "(() => { const h = crypto.createHash('sha256').update('a'); const c = h.copy().update('b'); return [h.digest('hex'), c.digest('hex')] })()",
    "unknown_hash": "crypto.createHash('nope')",
    # What a Hash or Hmac shows of itself: never its data or key (a console.log of an Hmac printed its key's bytes).
    "hmac_own_names": "Object.getOwnPropertyNames(crypto.createHmac('sha256', 'sekrit-key').update('a'))",
    "hmac_json": "JSON.stringify(crypto.createHmac('sha256', 'sekrit-key').update('a'))",
    "hash_own_names": "Object.getOwnPropertyNames(crypto.createHash('md5').update('a'))",
    "hash_no_algorithm": "crypto.createHash()",
    "hash_bad_data": "crypto.createHash('sha256').update(5)",
    "hash_object_data": "crypto.createHash('sha256').update({})",
    "hash_arraybuffer_data": "crypto.createHash('sha256').update(new ArrayBuffer(2))",
    "hash_twice": "(() => { const h = crypto.createHash('sha256'); h.digest(); h.digest() })()",
    "hash_update_after": "(() => { const h = crypto.createHash('sha256'); h.digest(); h.update('x') })()",
    "hmac_hex": "crypto.createHmac('sha256', 'secret').update('message').digest('hex')",
    "hmac_md5_b64": "crypto.createHmac('md5', Buffer.from('k')).update('m').digest('base64')",
    "hmac_sha1_latin1": "crypto.createHmac('sha1', 'k').update('m').digest('latin1').length",
    "hmac_long_key": "crypto.createHmac('sha512', 'k'.repeat(300)).update('m').digest('hex')",
    "hmac_arraybuffer_key": "crypto.createHmac('sha256', new ArrayBuffer(2)).update('a').digest('hex')",
    "hmac_key_encoding": "crypto.createHmac('sha256', '6b6579', {encoding: 'hex'}).update('a').digest('hex')",
    "hmac_buffer": "crypto.createHmac('sha384', 'k').update('a').update('b').digest('base64url')",
    "hmac_twice": "(() => { const h = crypto.createHmac('sha256', 'k'); h.digest(); return h.digest('hex') })()",
    "hmac_update_after": "(() => { const h = crypto.createHmac('sha256', 'k'); h.digest(); h.update('x') })()",
    "hmac_bad_digest": "crypto.createHmac('nope', 'k')",
    "hmac_no_key": "crypto.createHmac('sha256')",
    "hmac_number_key": "crypto.createHmac('sha256', 5)",
    "hmac_number_alg": "crypto.createHmac(5, 'k')",
    "one_shot_hash": "[crypto.hash('sha1', 'abc'), crypto.hash('md5', 'abc', 'base64'), crypto.hash('sha1', 'abc', 'buffer').length]",
    "pbkdf2": "crypto.pbkdf2Sync('password', 'salt', 1000, 32, 'sha256').toString('hex')",
    "pbkdf2_sha512": "crypto.pbkdf2Sync(Buffer.from('p'), 'salt', 2, 64, 'sha512').toString('base64')",
    "pbkdf2_no_digest": "crypto.pbkdf2Sync('p', 's', 1, 32)",
    "pbkdf2_bad_digest": "crypto.pbkdf2Sync('p', 's', 1, 32, 'nope')",
    "pbkdf2_zero_iterations": "crypto.pbkdf2Sync('p', 's', 0, 32, 'sha256')",
    "pbkdf2_fraction": "crypto.pbkdf2Sync('p', 's', 1.5, 32, 'sha256')",
    "pbkdf2_string_iterations": "crypto.pbkdf2Sync('p', 's', '1', 32, 'sha256')",
    "pbkdf2_bad_password": "crypto.pbkdf2Sync(5, 's', 1, 32, 'sha256')",
    "pbkdf2_negative_keylen": "crypto.pbkdf2Sync('p', 's', 1, -1, 'sha256')",
    "timing_equal": "[crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')), crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abd'))]",
    "timing_arraybuffer": "crypto.timingSafeEqual(Buffer.from('ab'), new Uint8Array([97, 98]).buffer)",
    "timing_length": "crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab'))",
    "timing_string": "crypto.timingSafeEqual('a', 'a')",
    "timing_string2": "crypto.timingSafeEqual(Buffer.from('ab'), 'ab')",
    "random_bytes": "(() => { const b = crypto.randomBytes(16); return [Buffer.isBuffer(b), b.length, crypto.randomBytes(0).length] })()",
    "random_bytes_fraction": "crypto.randomBytes(1.5).length",
    "random_bytes_string": "crypto.randomBytes('a')",
    "random_bytes_negative": "crypto.randomBytes(-1)",
    "random_bytes_nan": "crypto.randomBytes(NaN)",
    "random_bytes_bad_callback": "crypto.randomBytes(3, 5)",
    "random_uuid": "/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID())",
    "random_uuid_options": "crypto.randomUUID({disableEntropyCache: true}).length",
    "random_uuid_bad_options": "crypto.randomUUID(5)",
    "random_int": "(() => { for (let i = 0; i < 200; i++) { const n = crypto.randomInt(3, 7); if (!(n >= 3 && n < 7 && Number.isInteger(n))) return n } return true })()",
    "random_int_max": "(() => { for (let i = 0; i < 200; i++) { const n = crypto.randomInt(2); if (n !== 0 && n !== 1) return n } return true })()",
    "random_int_empty": "crypto.randomInt(5, 5)",
    "random_int_range": "crypto.randomInt(0, 2 ** 49)",
    "random_int_range_max": "crypto.randomInt(2 ** 49)",
    "random_int_fraction": "crypto.randomInt(1.5)",
    "random_int_string": "crypto.randomInt('a')",
    "random_int_bad_callback": "crypto.randomInt(1, 2, 3)",
    "random_fill": "crypto.randomFillSync(Buffer.alloc(4), 1, 5)",
    "random_values_type": "crypto.getRandomValues(new Float32Array(2))",
    "random_values_quota": "crypto.getRandomValues(new Uint8Array(70000))",
    "random_values": "crypto.getRandomValues(new Uint32Array(3)).length",
}

PRELUDE = """
function run(cases) {
  const out = {};
  for (const [name, source] of Object.entries(cases)) {
    try {
      out[name] = {value: JSON.parse(JSON.stringify((0, eval)(source)) ?? 'null')};
    } catch (e) {
      out[name] = {error: [e.name, e.message, e.code ?? null]};
    }
  }
  return out;
}
"""

# Node's own outputs for some cases, recorded from Node 20.20 so the check runs without node.
NODE_VALUES = {
    "md5": "5d41402abc4b2a76b9719d911017c592",
    "sha1_b64": "qvTGHdzF6KLavt4PO0gs2a6pQ00=",
    "hmac_hex": "8b5f48702995c1598c573db1e21866a9b825d4a794d169d7060a03605796360b",
    "pbkdf2": "632c2812e46d4604102ba7618e9d6d7d2f8128f6266b4a03264d2a0460b7dcb3",
    "input_bad_encoding": "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603",
    "hmac_twice": "",
    "unknown_hash": None,
}


@pytest.fixture(scope="module")
def segtui_results(tmp_path_factory):
    engine = make_engine(timeout_s=10)
    runner = HandlerRunner(engine, tmp_path_factory.mktemp("crypto"))
    source = PRELUDE + f"async function onTrack() {{ return run({json.dumps(CASES)}) }}"
    result = runner.run(source)
    engine.close()
    assert result.outcome == "success", result.error
    return result.return_value


@pytest.fixture(scope="module")
def node_results():
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the comparison with Node's crypto needs Node 20 on PATH")
    script = "Object.defineProperty(globalThis, 'crypto', {value: require('crypto')});" + PRELUDE + f"process.stdout.write(JSON.stringify(run({json.dumps(CASES)})))"
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", sorted(NODE_VALUES))
def test_recorded_node_values(segtui_results, name):
    expected = NODE_VALUES[name]
    if expected is None:
        assert segtui_results[name] == {"error": ["Error", "Digest method not supported", None]}
    else:
        assert segtui_results[name] == {"value": expected}


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_as_node(segtui_results, node_results, name):
    assert segtui_results[name] == node_results[name]


def test_callback_forms_run_later(tmp_path):
    engine = make_engine(timeout_s=5)
    try:
        runner = HandlerRunner(engine, tmp_path)
        result = runner.run("""
            async function onTrack() {
              const order = [];
              const bytes = await new Promise((resolve, reject) => {
                crypto.randomBytes(8, (err, buf) => err ? reject(err) : resolve(buf));
                order.push('after call');
              });
              order.push('callback');
              const key = await new Promise((resolve) => crypto.pbkdf2('p', 's', 1, 8, 'sha1', (e, k) => resolve(k)));
              const n = await new Promise((resolve) => crypto.randomInt(10, (e, v) => resolve(v)));
              return [order, bytes.length, key.toString('hex'), n >= 0 && n < 10];
            }
        """)
        assert result.return_value == [["after call", "callback"], 8, "843c87e7eda3ee2f", True]
    finally:
        engine.close()


def test_a_logged_hmac_or_hash_shows_no_key_or_data(tmp_path):
    """As in Node, whose key and data sit in a native handle: segtui's Hmac printed its key's bytes (`_key`)."""
    engine = make_engine(timeout_s=5)
    try:
        result = HandlerRunner(engine, tmp_path).run("""
            async function onTrack() {
              const hmac = crypto.createHmac('sha256', Buffer.from('sekrit-key')).update('payload-data');
              console.log(hmac, crypto.createHash('md5').update('payload-data'));
              hmac.digest();
              console.log(hmac);
            }
        """)
        logged = "\n".join(entry.message for entry in result.logs)
        assert "Hmac {" in logged and "Hash {" in logged and "_options: undefined" in logged
        assert "[Symbol(kState)]: { [Symbol(kFinalized)]: false }" in logged and "[Symbol(kFinalized)]: true" in logged
        for hidden in ("sekrit", "73 65 6b", "payload", "70 61 79"):
            assert hidden not in logged
    finally:
        engine.close()


def test_unavailable_functions_name_themselves(tmp_path):
    engine = make_engine(timeout_s=5)
    try:
        runner = HandlerRunner(engine, tmp_path)
        result = runner.run("""
            async function onTrack() {
              const out = [];
              for (const f of [() => crypto.getDiffieHellman('modp14'), () => crypto.createDiffieHellman(512),
                               () => crypto.generatePrimeSync(16), () => crypto.createHash('sm3')]) {
                try { f(); out.push('no error') } catch (e) { out.push(e.name + ': ' + e.message) }
              }
              return [out, typeof crypto.nothingLikeThis];
            }
        """)
        messages, unknown = result.return_value
        assert messages[:3] == [
            "Error: crypto.getDiffieHellman is not available in segtui",
            "Error: crypto.createDiffieHellman is not available in segtui",
            "Error: crypto.generatePrimeSync is not available in segtui",
        ]
        assert messages[3] in {"no error", 'Error: crypto: the digest "sm3" is not available in segtui'}
        assert unknown == "undefined"
    finally:
        engine.close()


def test_deterministic_mode_repeats_random_values(tmp_path):
    source = """
        async function onTrack() {
          return [crypto.randomUUID(), crypto.randomBytes(4).toString('hex'), crypto.randomInt(1000000)];
        }
    """
    runs = []
    for _ in range(2):
        engine = make_engine(timeout_s=5, deterministic=True)
        try:
            runs.append(HandlerRunner(engine, tmp_path).run(source, {"type": "track", "messageId": "m-1"}).return_value)
        finally:
            engine.close()
    assert runs[0] == runs[1]
    engine = make_engine(timeout_s=5)
    try:
        assert HandlerRunner(engine, tmp_path).run(source, {"type": "track", "messageId": "m-1"}).return_value != runs[0]
    finally:
        engine.close()


def test_deterministic_random_bytes_are_the_same_whatever_view_getter_the_handler_replaced(tmp_path):
    """The seeded stream's bytes become a Buffer by the getters as at start, not a handler's TypedArray buffer getter."""
    source = """
        async function onTrack(event) {
          const typed = Object.getPrototypeOf(Uint8Array.prototype);
          const saved = Object.getOwnPropertyDescriptor(typed, 'buffer');
          if (event.properties.hostile) Object.defineProperty(typed, 'buffer', { configurable: true, get: () => new ArrayBuffer(2) });
          try {
            return crypto.randomBytes(8).toString('hex');
          } finally {
            Object.defineProperty(typed, 'buffer', saved);
          }
        }
    """
    runs = []
    for hostile in (False, True):  # one messageId: one seed
        engine = make_engine(timeout_s=5, deterministic=True)
        try:
            event = {"type": "track", "messageId": "m-1", "properties": {"hostile": hostile}}
            runs.append(HandlerRunner(engine, tmp_path).run(source, event).return_value)
        finally:
            engine.close()
    assert len(runs[0]) == 16 and runs[1] == runs[0]


def test_ciphers_never_finished_are_capped_and_the_rest_still_work(tmp_path):
    """Each cipher's state lives in the host until its final; a handler that never finishes its ciphers costs at most
    ciphers.MAX_OPEN of them, and the oldest says why it can no longer be used."""
    from segtui.sandbox.ciphers import MAX_OPEN

    engine = make_engine(timeout_s=20)
    try:
        result = HandlerRunner(engine, tmp_path).run(f"""
            async function onTrack() {{
              const key = Buffer.alloc(16, 1);
              const open = [];
              for (let i = 0; i < {MAX_OPEN} + 2; i++) open.push(crypto.createCipheriv('aes-128-ecb', key, null));
              let oldest;
              try {{ open[0].update('x'); }} catch (e) {{ oldest = e.message; }}
              const newest = open[open.length - 1];
              return [oldest, newest.update('0123456789abcdef', 'utf8', 'hex').length, newest.final('hex').length];
            }}
        """)
    finally:
        engine.close()
    assert result.return_value == [f"segtui dropped this cipher: more than {MAX_OPEN} were begun and not finished", 32, 32], \
        result.error


def test_ciphers_node_has_but_segtui_does_not_run_say_so(tmp_path):
    """A cipher Node 20 runs and segtui does not (Camellia, ARIA, SM4, AES-OCB/XTS) is refused by name, not as unknown,
    and so are the AEAD steps Node takes and segtui does not emulate; getCiphers lists none of those ciphers."""
    engine = make_engine(timeout_s=10)
    try:
        result = HandlerRunner(engine, tmp_path).run("""
            async function onTrack() {
              const out = [];
              const attempt = (make) => { try { out.push(make()) } catch (e) { out.push(e.message) } };
              attempt(() => crypto.createCipheriv('camellia-128-cbc', Buffer.alloc(16), Buffer.alloc(16)));
              attempt(() => crypto.createCipheriv('DES3-wrap', Buffer.alloc(24), null));
              attempt(() => crypto.createCipheriv('aes-128-ocb', Buffer.alloc(16), Buffer.alloc(12), { authTagLength: 16 }));
              attempt(() => {
                const late = crypto.createCipheriv('chacha20-poly1305', Buffer.alloc(32), Buffer.alloc(12));
                late.update('x');
                return late.setAAD(Buffer.alloc(1));
              });
              attempt(() => crypto.createCipheriv('aes-128-ccm', Buffer.alloc(16), Buffer.alloc(12), { authTagLength: 8 })
                .setAAD(Buffer.alloc(1), { plaintextLength: 1 }).setAAD(Buffer.alloc(1), { plaintextLength: 1 }));
              out.push(crypto.getCiphers().filter((name) => /camellia|aria|sm4|ocb|xts|hmac|des3-wrap/i.test(name)));
              return out;
            }
        """)
    finally:
        engine.close()
    assert result.return_value == [
        "segtui does not run the cipher camellia-128-cbc, which Node 20 has (crypto.getCiphers() lists what segtui runs)",
        "segtui does not run the cipher DES3-wrap, which Node 20 has (crypto.getCiphers() lists what segtui runs)",
        "segtui does not run the cipher aes-128-ocb, which Node 20 has (crypto.getCiphers() lists what segtui runs)",
        "segtui does not emulate setAAD after update on chacha20-poly1305, which Node 20 takes",
        "segtui does not emulate a second setAAD, or one after update, on a CCM cipher, which Node 20 takes",
        [],
    ], result.error


def test_subtle_signs_as_createhmac_and_imports_an_x25519_key(tmp_path):
    engine = make_engine(timeout_s=5)
    try:
        result = HandlerRunner(engine, tmp_path).run("""
            async function onTrack(event, settings) {
              const key = await crypto.subtle.importKey('raw', Buffer.from(settings.secret), { name: 'HMAC', hash: 'SHA-256' },
                                                        false, ['sign']);
              const signed = Buffer.from(await crypto.subtle.sign('HMAC', key, Buffer.from('body'))).toString('hex');
              const refused = await crypto.subtle.importKey('raw', new Uint8Array(32).fill(9), { name: 'X25519' }, true, [])
                .then((key) => `${key.type} ${key.algorithm.name}`, (error) => `${error.name}: ${error.message}`);
              return [signed === crypto.createHmac('sha256', settings.secret).update('body').digest('hex'), refused];
            }
        """, settings={"secret": "k3y"})
    finally:
        engine.close()
    assert result.return_value == [True, "public X25519"]
