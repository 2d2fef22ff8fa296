"""The scripts every context starts with: pinned vendor libraries, then segtui's own JS, in order."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from segtui.stacks import RUNTIME_PREFIX

JS_DIR = Path(__file__).with_name("js")
VENDOR_DIR = Path(__file__).with_name("vendor")
OWN_SCRIPTS = (
    "intrinsics.js", "intl_hour_cycle.js", "builtin_wording.js", "stack_format.js", "error_stack.js", "json_parse.js", "host.js", "inspect_scope.js", "lazy.js", "lazy_lodash.js", "proxies.js", "results.js", "buffer_constructor.js", "buffer_write.js", "buffer_compat.js", "buffer_primordials.js", "buffer_bounds.js", "buffer_utf8.js", "buffer_refusals.js", "buffer_names.js", "buffer_own.js", "determinism.js", "errors.js", "node_timer_frames.js", "timers.js", "console_table.js", "promise_inspect.js", "console.js",
    "node_errors.js", "function_origin.js", "dynamic_import.js", "url_host.js", "url_path.js", "url_node.js", "dom_events.js", "abort.js", "crypto_constants.js", "crypto.js", "crypto_scrypt.js", "crypto_hkdf.js", "crypto_jwk.js", "crypto_sign.js", "crypto_key_pairs.js", "crypto_ecdh.js", "crypto_secret_key.js", "crypto_rsa.js", "crypto_cipher.js", "crypto_webidl.js", "crypto_key.js", "crypto_subtle_cipher.js", "crypto_subtle_derive.js", "crypto_subtle_generate.js", "crypto_subtle_okp.js", "crypto_subtle.js", "cache.js", "node_process.js", "text_codecs.js", "node_require.js", "structured_clone.js", "node_blob.js", "performance.js", "node_globals.js", "packages.js",
    "fetch_url.js", "url_inspect.js", "fetch_headers.js", "fetch_blob.js", "stream_inspect.js", "fetch_body.js", "fetch_request.js", "fetch.js",
    "system_errors.js", "node_http_incoming.js", "node_http.js", "aws_xml.js", "aws_services.js", "aws_names.js", "aws_http.js", "aws.js", "secret_forms.js", "source.js", "returned_json.js", "settings_watch.js",
    "global_shapes.js", "node20_builtins.js", "runtime.js",
)


@dataclass(frozen=True)
class Script:
    """One script ready to evaluate, named with a sourceURL so its frames can be filtered out."""

    name: str
    source: str


def _named(name: str, source: str) -> Script:
    return Script(name, f"{source}\n//# sourceURL={RUNTIME_PREFIX}{name}\n")


def _vendor_script(entry: dict[str, Any]) -> Script:
    source = (VENDOR_DIR / entry["file"]).read_text(encoding="utf-8")
    expose = entry["expose"]
    if expose["kind"] == "commonjs":
        source = (
            "(function () { var module = { exports: {} }; var exports = module.exports;\n"
            f"(function (module, exports) {{\n{source}\n}})(module, exports);\n"
            f"globalThis[{json.dumps(expose['global'])}] = module.exports; }})();"
        )
    return _named(f"vendor/{entry['file']}", source)


@cache
def vendor_manifest() -> list[dict[str, Any]]:
    """The vendor manifest's entries, in load order."""
    files: list[dict[str, Any]] = json.loads((VENDOR_DIR / "manifest.json").read_text(encoding="utf-8"))["files"]
    return files


@cache
def prelude_scripts() -> tuple[Script, ...]:
    """Everything a fresh context evaluates before a handler, in order."""
    # `self` for the vendor libraries that look for it; `__segtui`, the registry the own scripts share, with the
    # names V8 itself put on the global (lazy.js). runtime.js, the last, removes both, so the handler sees neither.
    scripts = [_named("globals.js", "globalThis.__segtui = { engineGlobals: Object.getOwnPropertyNames(globalThis) };"
                                    " globalThis.self = globalThis;")]
    scripts += [_vendor_script(entry) for entry in vendor_manifest() if not entry.get("lazy")]
    scripts += [_named(name, (JS_DIR / name).read_text(encoding="utf-8")) for name in OWN_SCRIPTS]
    return tuple(scripts)


@cache
def prelude_source() -> str:
    """The prelude as one script, named segtui:prelude.js, whose value is runtime.js's entry object.

    V8 compiles one script of the prelude ~15 ms faster than its 30-odd files one by one (each is a new
    script to compile), and every sandbox process builds a context at start. The files are function
    expressions with no directive of their own at top level, so joined they run as they did apart.
    """
    return _joined(prelude_scripts())


def first_prelude_source() -> str:
    """The prelude with util.inspect's vendor source in it, which it then loads (lazy.js's loadPreloaded): for the
    sandbox's first context, evaluated as V8 starts, before the context has the host that serves vendor sources. That
    context keeps the literal as part of its script's source: its heap is ~155 KB larger than a spare's, for its life."""
    globals_script, *rest = prelude_scripts()
    inspect = "node-inspect-extracted.js"
    preload = _named("preloaded.js", f"globalThis.__segtui.preloaded = {{ {json.dumps(inspect)}: "
                                     f"{json.dumps(lazy_vendor_source(inspect))} }};")
    return _joined((globals_script, preload, *rest))


def _joined(scripts: tuple[Script, ...] | list[Script]) -> str:
    """The scripts as one, named segtui:prelude.js."""
    sources = [script.source.removesuffix(f"//# sourceURL={RUNTIME_PREFIX}{script.name}\n") for script in scripts]
    return "\n;".join(sources) + f"\n//# sourceURL={RUNTIME_PREFIX}prelude.js\n"


@cache
def lazy_vendor_source(name: str) -> str:
    """The source of a vendor library loaded on first use, by file name."""
    entry = next(entry for entry in vendor_manifest() if entry["file"] == name and entry.get("lazy"))
    return _vendor_script(entry).source
