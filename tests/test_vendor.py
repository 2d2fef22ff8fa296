"""The pinned third-party JavaScript in segtui/sandbox/vendor/.

Checks the committed files against manifest.json (sha256, licence files), then loads them
into real V8 (mini-racer) the way the manifest tells a loader to, and checks behaviour
that segtui relies on against values taken from Node 20. Needs neither node nor npm.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from segtui.sandbox.v8 import V8Context

VENDOR = Path(__file__).resolve().parent.parent / "segtui" / "sandbox" / "vendor"
MANIFEST = json.loads((VENDOR / "manifest.json").read_text())
FILES = MANIFEST["files"]
BY_NAME = {f["name"]: f for f in FILES}
EAGER = [f for f in FILES if not f["lazy"]]
LAZY = [f for f in FILES if f["lazy"] and f["expose"]["kind"] != "node"]
NODE = [f for f in FILES if f["expose"]["kind"] == "node"]
# Node's core modules the sandbox's require() answers (segtui/sandbox/js/node_require.js).
CORE_MODULES = {"assert", "buffer", "child_process", "crypto", "domain", "events", "fs", "http", "http2", "https", "net", "os",
                "path", "process", "punycode", "querystring", "stream", "string_decoder", "timers", "tls", "tty", "url", "util",
                "zlib"}
# Segment's pre-loaded packages that segtui vendors, at Segment's versions.
SEGMENT_VERSIONS = {"uuidv5": "1.0.0", "xml": "1.0.1", "xml2js": "0.4.23", "moment-timezone": "0.5.31",
                    "jsonwebtoken": "8.5.1", "form-data": "2.4.0", "winston": "2.4.6", "oauth": "0.9.15",
                    "stripe": "8.115.0", "sendgrid-client": "7.4.7", "sendgrid-mail": "7.4.7", "twilio": "3.68.0",
                    # Segment names no version of these; segtui pins one, and the Node reference the same.
                    "libphonenumber-js": "1.13.16", "mailchimp-marketing": "3.0.80", "node-mailjet": "6.0.11",
                    "skyflow-node": "1.14.3", "hubspot-api-client": "13.5.0", "jsforce": "1.11.0"}

# What the test provides for each name a manifest entry lists in requires_at_load.
# A setTimeout that accepts a 0 delay (mini-racer's own throws for it); the runtime
# installs its real timers.
REQUIREMENT_SHIMS = {
    "self": "globalThis.self = globalThis;",
    "window": "globalThis.window = globalThis;",
    "setTimeout": (
        "globalThis.setTimeout = function (cb) { var a = [].slice.call(arguments, 2);"
        " Promise.resolve().then(function () { cb.apply(null, a); }); return 1; };"
        "globalThis.clearTimeout = function () {};"
    ),
}


def source_of(entry: dict) -> str:
    """The script a loader evaluates for one manifest entry."""
    text = (VENDOR / entry["file"]).read_text(encoding="utf-8")
    url = f"\n//# sourceURL=vendor/{entry['file']}\n"
    expose = entry["expose"]
    if expose["kind"] == "global":
        return text + url
    assert expose["kind"] == "commonjs"
    return (
        "(function () { var module = { exports: {} };\n"
        "(function (module, exports) {\n" + text + "\n}).call(globalThis, module, module.exports);\n"
        f"globalThis[{json.dumps(expose['global'])}] = module.exports; }})();" + url
    )


def exposed_globals(entry: dict) -> list[str]:
    expose = entry["expose"]
    return expose["globals"] if expose["kind"] == "global" else [expose["global"]]


def load(ctx: V8Context, entry: dict) -> None:
    for req in entry["requires_at_load"]:
        ctx.eval(REQUIREMENT_SHIMS[req])
    ctx.eval(source_of(entry))


def js(ctx: V8Context, expr: str):
    """Evaluate an expression and bring its value back as JSON (no proxies)."""
    return json.loads(ctx.eval(f"JSON.stringify({expr})"))


# The lazy files the sandbox loads on first use with no requirement of their own (segtui/sandbox/js/lazy.js).
FIRST_USE = [BY_NAME["util"], BY_NAME["lodash"]]


@pytest.fixture(scope="module")
def eager_ctx():
    """A fresh context with every non-lazy file loaded in manifest order, then util and lodash."""
    ctx = V8Context(lambda _buffer: None)
    for entry in EAGER + FIRST_USE:
        load(ctx, entry)
    yield ctx
    ctx.close()


# --- the files -----------------------------------------------------------------------


def test_manifest_shape():
    assert MANIFEST["format"] == 1
    names = [f["name"] for f in FILES]
    assert len(names) == len(set(names))
    for f in FILES:
        assert f["produced"] in {"pack", "esbuild"}, f
        assert re.fullmatch(r"\d+\.\d+\.\d+", f["version"]), f
        assert re.fullmatch(r"[0-9a-f]{64}", f["sha256"]), f
        assert f["expose"]["kind"] in {"global", "commonjs", "node"}, f
        assert isinstance(f["lazy"], bool)
        assert set(f["requires_at_load"]) <= set(REQUIREMENT_SHIMS), f
        if f["produced"] == "pack":
            assert f["tarball_integrity"].startswith("sha512-")
        else:
            assert f["entry"].startswith("scripts/vendor/") or f["entry"] == f"module.exports = require(\"{f['package']}\");"
            assert f["esbuild"]
            assert f["bundled"][f["package"]] == f["version"]
    # Lazy files come after the eager ones: the manifest order is the load order.
    lazy_flags = [f["lazy"] for f in FILES]
    assert lazy_flags == sorted(lazy_flags)
    assert {f["name"] for f in LAZY} == {"aws-sdk", "util", "lodash"}
    assert all(f["lazy"] for f in NODE)
    assert {f["name"] for f in NODE} == {"node-core", "moment-locales", *SEGMENT_VERSIONS}


def test_pinned_versions():
    want = {
        "lodash": "4.17.19",
        "atob": "2.1.2",
        "btoa": "1.2.1",
        "aws-sdk": "2.1693.0",
        "buffer": "6.0.3",
    }
    for name, version in want.items():
        assert BY_NAME[name]["version"] == version
    assert BY_NAME["util"]["version"].startswith("3.")
    assert BY_NAME["url"]["package"] == "core-js" and BY_NAME["url"]["version"].startswith("3.")
    # The locales are moment's own, for the moment bundled with moment-timezone.
    assert BY_NAME["moment-locales"]["version"] == BY_NAME["moment-timezone"]["bundled"]["moment"]
    for name, version in SEGMENT_VERSIONS.items():
        assert BY_NAME[name]["package"].split("/")[-1].replace("_", "-") in name, name
        assert BY_NAME[name]["version"] == version, name


@pytest.mark.parametrize("entry", NODE, ids=[f["name"] for f in NODE])
def test_node_files_require_only_core_modules(entry):
    """Every require() left in a Node bundle is a core module the sandbox answers; packages are all bundled."""
    code = [line for line in (VENDOR / entry["file"]).read_text(encoding="utf-8").splitlines() if not line.startswith("//")]
    required = set(re.findall(r"\brequire\(\"([^\"]+)\"\)", "\n".join(code)))
    # Optional packages loaded in a try, not installed with them, so Node cannot find them either: debug's colour
    # support and node-fetch's charset converter.
    assert required <= CORE_MODULES | {"supports-color", "encoding"}, required - CORE_MODULES


@pytest.mark.parametrize("entry", FILES, ids=[f["name"] for f in FILES])
def test_file_matches_manifest(entry):
    data = (VENDOR / entry["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert len(data) == entry["bytes"]
    lic = VENDOR / entry["license"]
    # A package that ships no licence text is named with what its package.json says (refresh_vendor.py).
    assert lic.is_file() and (lic.stat().st_size > 100 or "(no licence file)" in lic.read_text()), lic


def test_no_unlisted_files():
    listed = {"manifest.json", "README.md", ".gitattributes"}
    for f in FILES:
        listed.update({f["file"], f["license"]})
    assert {p.name for p in VENDOR.iterdir()} == listed


# --- loading into bare V8 ---------------------------------------------------------------


def test_eager_files_load_in_order_in_a_fresh_context():
    ctx = V8Context(lambda _buffer: None)
    try:
        assert ctx.eval("typeof self") == "undefined"  # nothing is provided up front
        for entry in EAGER + FIRST_USE:
            for name in exposed_globals(entry):
                assert ctx.eval(f"typeof globalThis[{json.dumps(name)}]") == "undefined", name
            load(ctx, entry)
            for name in exposed_globals(entry):
                kind = ctx.eval(f"typeof globalThis[{json.dumps(name)}]")
                assert kind in {"function", "object"}, (entry["name"], name, kind)
        # The UMD of node-inspect-extracted must not leak its own global when loaded as CJS.
        assert ctx.eval("typeof util") == "undefined"
    finally:
        ctx.close()


def test_lodash(eager_ctx):
    assert js(eager_ctx, "_.VERSION") == "4.17.19"
    assert js(eager_ctx, "_.get({a: [{b: 2}]}, 'a[0].b')") == 2
    assert js(eager_ctx, "_.chunk([1, 2, 3], 2)") == [[1, 2], [3]]


def test_util_format(eager_ctx):
    f = "__segtui_util.format"
    assert js(eager_ctx, f'{f}("x", {{a: 1, b: [1, 2]}})') == "x { a: 1, b: [ 1, 2 ] }"
    assert (
        js(eager_ctx, f'{f}("%s %d %i %f %j %o %O %%", "s", 42.5, 42.5, "1.5", {{a: 1}}, {{b: [1]}}, {{c: {{d: {{e: {{f: 1}}}}}}}})')
        == 's 42.5 42 1.5 {"a":1} { b: [ 1, [length]: 1 ] } { c: { d: { e: [Object] } } } %'
    )
    assert (
        js(eager_ctx, f"{f}(new Map([[1, {{a: 1}}]]), new Set([1, 2]), {{a: {{b: {{c: {{d: 1}}}}}}}})")
        == "Map(1) { 1 => { a: 1 } } Set(2) { 1, 2 } { a: { b: { c: [Object] } } }"
    )
    assert (
        js(eager_ctx, f'{f}(new Uint8Array([1, 2]), Symbol("s"), 10n, null, undefined, [undefined, , 3], function foo() {{}}, class A {{}}, new Date(0))')
        == "Uint8Array(2) [ 1, 2 ] Symbol(s) 10n null undefined [ undefined, <1 empty item>, 3 ] [Function: foo] [class A] 1970-01-01T00:00:00.000Z"
    )
    assert js(eager_ctx, "__segtui_util.inspect({a: {b: {c: {d: 1}}}}, {depth: 0})") == "{ a: [Object] }"
    assert js(eager_ctx, '__segtui_util.formatWithOptions({depth: 0}, "%O", {a: {b: 1}})') == "{ a: [Object] }"
    assert js(eager_ctx, f'{f}(new Error("boom")).split("\\n")[0]') == "Error: boom"
    # npm buffer's custom inspect symbol is honoured, as Node prints Buffers.
    assert js(eager_ctx, 'String(__segtui_util.inspect(Buffer.from("ab")))') == "<Buffer 61 62>"


def test_url(eager_ctx):
    assert js(eager_ctx, "new URL('https://a.com/b?x=1').searchParams.get('x')") == "1"
    live = js(
        eager_ctx,
        """(function () {
            var u = new URL('https://a.com/b?x=1'), sp = u.searchParams;
            sp.append('y', '2 3'); var h1 = u.href;
            u.search = '?z=9';
            return [h1, sp.get('z'), sp.get('x'), u.searchParams === sp];
        })()""",
    )
    assert live == ["https://a.com/b?x=1&y=2+3", "9", None, True]
    assert js(eager_ctx, "new URL('../c?d#e', 'https://u:p@a.com:8080/b/x').href") == "https://u:p@a.com:8080/c?d#e"
    assert js(eager_ctx, "new URL('https://ma\\u00f1ana.com/\\u00e4?q=\\u00fc').href") == (
        "https://xn--maana-pta.com/%C3%A4?q=%C3%BC"
    )
    assert js(eager_ctx, "new URL('http://EXAMPLE.com:80/./a/../b').origin") == "http://example.com"
    assert js(eager_ctx, "new URLSearchParams({a: '1 2', b: '\\u00e9&='}).toString()") == "a=1+2&b=%C3%A9%26%3D"
    assert js(eager_ctx, "[new URLSearchParams('a=1&a=2&b').size, new URLSearchParams('a=1&a=2&b').getAll('a')]") == [
        3,
        ["1", "2"],
    ]
    assert js(eager_ctx, "new URL('https://a.com')") == "https://a.com/"
    assert js(eager_ctx, "(function () { try { new URL('foo') } catch (e) { return e instanceof TypeError } })()")


def test_buffer(eager_ctx):
    assert js(eager_ctx, "Buffer.from('hello w\\u00f6rld').toString('base64')") == "aGVsbG8gd8O2cmxk"
    assert js(eager_ctx, "Buffer.from('ff00a1', 'hex').toString('base64')") == "/wCh"
    assert js(eager_ctx, "Buffer.from('h\\u00e9llo', 'latin1').toString('hex')") == "68e96c6c6f"
    assert js(eager_ctx, "Buffer.concat([Buffer.from('ab'), Buffer.from([0x63])]).toString()") == "abc"
    assert js(eager_ctx, "Buffer.from([1, 2, 3, 4]).readUInt32BE(0)") == 16909060
    assert js(eager_ctx, "Buffer.isBuffer(Buffer.alloc(2)) && Buffer.alloc(2) instanceof Uint8Array")


def test_atob_btoa(eager_ctx):
    assert js(eager_ctx, "btoa('hello')") == "aGVsbG8="
    assert js(eager_ctx, "btoa(12345)") == "MTIzNDU="
    assert js(eager_ctx, "btoa('\\u0100\\u00ff')") == "AP8="  # low byte of each char code
    assert js(eager_ctx, "atob('aGVsbG8')") == "hello"  # missing padding is fine
    assert js(eager_ctx, "atob('!!!')") == ""  # bad input does not throw
    assert js(eager_ctx, "(function () { try { btoa(undefined) } catch (e) { return e.name } })()") == "TypeError"


# --- lazy files ---------------------------------------------------------------------------

def test_lazy_files_load_after_the_eager_ones():
    ctx = V8Context(lambda _buffer: None)
    try:
        for entry in EAGER + LAZY:
            load(ctx, entry)
        for entry in LAZY:
            for name in exposed_globals(entry):
                assert ctx.eval(f"typeof globalThis[{json.dumps(name)}]") in {"function", "object"}, name
        assert js(ctx, "AWS.VERSION") == BY_NAME["aws-sdk"]["version"]
        # Its XML is read by segtui's aws_xml.js, not by the browser build's DOMParser reader: tests/test_aws.py and
        # the conformance fixture aws_xml_responses check it in the runtime.
    finally:
        ctx.close()


def test_aws_sdk_needs_what_the_manifest_says():
    """Without self/window it evaluates but defines no AWS: the requirement is real."""
    entry = BY_NAME["aws-sdk"]
    assert entry["requires_at_load"] == ["self", "setTimeout"]
    ctx = V8Context(lambda _buffer: None)
    try:
        ctx.eval(REQUIREMENT_SHIMS["setTimeout"])
        ctx.eval(source_of(entry))
        assert ctx.eval("typeof AWS") == "undefined"
    finally:
        ctx.close()


def test_node_packages_bundle_what_the_node_reference_installs():
    """Each vendored Node package bundles the versions the conformance reference runs (tests/conformance)."""
    lock = json.loads((Path(__file__).resolve().parent / "conformance" / "package-lock.json").read_text())["packages"]
    installed: dict[str, set[str]] = {}
    for path, meta in lock.items():
        if "node_modules/" in path:
            installed.setdefault(path.rsplit("node_modules/", 1)[1], set()).add(meta["version"])
    for name in SEGMENT_VERSIONS:
        for package, versions in BY_NAME[name]["bundled"].items():
            for version in versions.split(", "):
                assert version in installed[package], (name, package, version, installed[package])
