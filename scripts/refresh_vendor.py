#!/usr/bin/env python3
"""Rebuild segtui/sandbox/vendor/ from exact npm versions.

Usage:
    python scripts/refresh_vendor.py           # rebuild into a temporary folder, then replace the
                                               # vendor folder's files (a failed build leaves them)
    python scripts/refresh_vendor.py --check   # rebuild into a temporary folder and
                                               # compare with the committed files

Needs node and npm (only this script does; the generated files are committed and the
runtime and tests never run node).

Two ways a file is produced:

* "pack": a single file taken unmodified from the `npm pack <name>@<version>` tarball,
  plus the package's licence file(s).
* "esbuild": libraries that ship no single file usable in bare V8 are bundled into an
  IIFE by esbuild from an entry file in scripts/vendor/. esbuild and the bundled
  packages are pinned exactly in scripts/vendor/package.json and installed with
  `npm ci` from scripts/vendor/package-lock.json (in a temporary directory, so no
  node_modules is left in the tree). Segment's Node packages ("require": the package)
  are bundled as CommonJS for Node with Node's core modules left as require() calls,
  which the sandbox answers with its own implementations (expose kind "node").

The script writes segtui/sandbox/vendor/manifest.json, which lists the files in load
order with their provenance, sha256, licence file and how the loader exposes them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "segtui" / "sandbox" / "vendor"
BUILD_INPUTS = ROOT / "scripts" / "vendor"
MANIFEST_NAME = "manifest.json"
KEEP = {"README.md", ".gitattributes"}  # hand-written files in VENDOR that the script never touches

ESBUILD_OPTIONS = [
    "--bundle",
    "--format=iife",
    "--platform=browser",
    "--charset=ascii",
    "--legal-comments=eof",
    "--log-level=warning",
]
# Node packages: CommonJS for Node, so require() of a core module stays a call the sandbox answers; names kept,
# since packages name their errors after their classes (`this.name = this.constructor.name`).
NODE_OPTIONS = ["--bundle", "--format=cjs", "--platform=node", "--keep-names", "--charset=ascii",
                "--legal-comments=eof", "--log-level=warning"]
# The browser ports of core modules: CommonJS too; `buffer` is segtui's Buffer, not a second copy, and a port
# that requires `stream` gets the stream port.
NODE_CORE_OPTIONS = ["--bundle", "--format=cjs", "--platform=browser", "--keep-names", "--external:buffer",
                     "--alias:stream=stream-browserify", "--charset=ascii", "--legal-comments=eof", "--log-level=warning"]
NODE_EXPOSE = {"kind": "node"}
# Packages that ship no licence file and whose package.json names none: what their source says instead.
# (One that names a licence in package.json gets that named in the licence file.)
NO_LICENSE_FILE = {
    "cycle": "Public Domain (stated in the header of cycle.js; package.json names no licence).",
}

def node_package(name: str, package: str, notes: str) -> dict:
    """A Segment package bundled for Node from the package itself (no entry file), loaded on first use."""
    return {"name": name, "file": f"{name}.js", "produced": "esbuild", "package": package, "require": package,
            "options": NODE_OPTIONS, "lazy": True, "expose": NODE_EXPOSE, "notes": notes}


# The vendored files, in load order. Lazy files are loaded on first use, after all
# eager ones. "source" for pack files is the path inside the tarball's package/ folder;
# "main": True means "must be the file package.json's main field points to".
LIBRARIES: list[dict] = [
    {
        "name": "buffer",
        "file": "buffer.js",
        "produced": "esbuild",
        "package": "buffer",
        "entry": "buffer.entry.js",
        "expose": {"kind": "global", "globals": ["Buffer"]},
        "notes": "Node-compatible Buffer (npm buffer 6) as the global Buffer.",
    },
    {
        "name": "atob",
        "file": "atob.js",
        "produced": "pack",
        "package": "atob",
        "version": "2.1.2",
        "source": "node-atob.js",
        "main": True,
        "licenses": ["LICENSE"],
        "expose": {"kind": "commonjs", "global": "atob"},
        "requires_at_call": ["Buffer"],
        "notes": "The package's Node entry: Buffer.from(str, 'base64').toString('binary').",
    },
    {
        "name": "btoa",
        "file": "btoa.js",
        "produced": "pack",
        "package": "btoa",
        "version": "1.2.1",
        "source": "index.js",
        "main": True,
        "licenses": ["LICENSE"],
        "expose": {"kind": "commonjs", "global": "btoa"},
        "requires_at_call": ["Buffer"],
        "notes": "The package's Node entry: Buffer.from(String(x), 'binary').toString('base64').",
    },
    {
        "name": "url",
        "file": "url.js",
        "produced": "esbuild",
        "package": "core-js",
        "entry": "url.entry.js",
        "expose": {"kind": "global", "globals": ["URL", "URLSearchParams"]},
        "notes": (
            "core-js/actual/url + core-js/actual/url-search-params (WHATWG). Also defines "
            "the global __core-js_shared__ and replaces Function.prototype.toString with "
            "core-js's wrapper (same output for ordinary functions)."
        ),
    },
    {
        "name": "util",
        "file": "node-inspect-extracted.js",
        "produced": "pack",
        "package": "node-inspect-extracted",
        "version": "3.3.3",
        "source": "dist/inspect.js",
        "main": True,
        "licenses": ["LICENSE"],
        "lazy": True,
        "expose": {"kind": "commonjs", "global": "__segtui_util"},
        "notes": (
            "Node's util.inspect/format/formatWithOptions extracted (UMD). Loaded as "
            "CommonJS so it does not define a global `util` of its own."
        ),
    },
    {
        "name": "lodash",
        "file": "lodash.js",
        "produced": "pack",
        "package": "lodash",
        "version": "4.17.19",
        "source": "lodash.js",
        "main": True,
        "licenses": ["LICENSE"],
        "lazy": True,
        "expose": {"kind": "global", "globals": ["_"]},
        "notes": (
            "The package's main file (unminified, so its functions have their names). As a classic script it assigns "
            "`_` itself; segtui evaluates it as CommonJS, as Node's require('lodash') does (`_._` is then lodash)."
        ),
    },
    {
        "name": "aws-sdk",
        "file": "aws-sdk.min.js",
        "produced": "pack",
        "package": "aws-sdk",
        "version": "2.1693.0",
        "source": "dist/aws-sdk.min.js",
        "licenses": ["LICENSE.txt", "NOTICE.txt", "dist/BUNDLE_LICENSE.txt"],
        "lazy": True,
        "expose": {"kind": "global", "globals": ["AWS"]},
        "requires_at_load": ["self", "setTimeout"],
        "requires_at_call": ["XMLHttpRequest"],
        "notes": (
            "Browser build. At load it needs `self` (or `window`; AWS is assigned there) "
            "and a setTimeout that accepts a 0 delay (mini-racer's own throws). Its XML "
            "reader (a DOMParser's) is replaced by segtui's aws_xml.js, which reads "
            "responses as the Node SDK does (xml2js); requests go through XMLHttpRequest."
        ),
    },

    {
        "name": "node-core",
        "file": "node-core.js",
        "produced": "esbuild",
        "package": "stream-browserify",
        "entry": "node_core.entry.js",
        "options": NODE_CORE_OPTIONS,
        "lazy": True,
        "expose": NODE_EXPOSE,
        "notes": (
            "Node's assert, events, os, path, punycode, querystring, stream, string_decoder, url, util and zlib from their "
            "browser ports, for the Node packages below; loaded with the first of them that needs one."
        ),
    },
    *[node_package(name, package, notes) for name, package, notes in [
        ("uuidv5", "uuidv5", "uuidv5.uuidv5: a name-based UUID (SHA-1) through segtui's crypto."),
        ("xml", "xml", "xml: builds XML text from objects."),
        ("xml2js", "xml2js", "xml2js: XML to objects and back (sax, xmlbuilder)."),
        ("moment-timezone", "moment-timezone", "moment: moment with moment-timezone and its packed zone data."),
        ("jsonwebtoken", "jsonwebtoken", "jsonwebtoken: JWT sign/verify; HMAC, RSA and ECDSA by segtui's crypto."),
        ("form-data", "form-data", "FormData: multipart bodies, sent with fetch as node-fetch 2.6.0 sends them."),
        ("winston", "winston", "winstonlib.winston: its Console transport's output shows in Raw Log Output."),
        ("oauth", "oauth", "OAuth: OAuth 1.0A and OAuth2 clients; requests go through segtui's http/https."),
        ("stripe", "stripe", "stripe: the Stripe client; requests go through segtui's http/https."),
        ("sendgrid-client", "@sendgrid/client",
         "sendgrid.client: SendGrid's API client (axios); requests go through segtui's http/https."),
        ("sendgrid-mail", "@sendgrid/mail", "sendgrid.mail: SendGrid's mail sender, over @sendgrid/client."),
        ("twilio", "twilio", "twilio: the Twilio client (axios); requests go through segtui's http/https."),
        ("libphonenumber-js", "libphonenumber-js",
         "libphonenumberjslib.libphonenumberjs: parse, format and validate phone numbers."),
        ("mailchimp-marketing", "@mailchimp/mailchimp_marketing",
         "mailchimplib.mailchimp: Mailchimp's Marketing API client (superagent) over segtui's http/https."),
        ("node-mailjet", "node-mailjet", "nodemailjet.nodemailjet: Mailjet's client (axios) over segtui's http/https."),
        ("skyflow-node", "skyflow-node", "skyflowlib.skyflow: Skyflow's vault client (axios) over segtui's http/https."),
        ("jsforce", "jsforce", "jsforce: the Salesforce client (request) over segtui's http/https."),
    ]],
    {
        "name": "moment-locales",
        "file": "moment-locales.js",
        "produced": "pack",
        "package": "moment",
        "version": "2.31.0",
        "source": "min/locales.js",
        "licenses": ["LICENSE"],
        "lazy": True,
        "expose": NODE_EXPOSE,
        "notes": (
            "moment's locales, for the moment of moment-timezone.js: Node's moment loads a locale's file the first time "
            "one is asked for (require('./locale/NAME')), and segtui's require answers that by evaluating this file, "
            "which defines them all (its require('../moment') gets that moment)."
        ),
    },
    # 11.5 MB of generated API clients as written; minified (names kept) it is 5 MB.
    {**node_package("hubspot-api-client", "@hubspot/api-client",
                    "hubspotlib.hubspot: HubSpot's client (node-fetch) over segtui's http/https; minified."),
     "options": [*NODE_OPTIONS, "--minify"]},
]


def name_of(install: str) -> str:
    """The package name of an install path (a/node_modules/@s/b -> @s/b)."""
    return install.rsplit("node_modules/", 1)[-1]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(cmd: list[str], cwd: Path, stdin: str | None = None) -> str:
    shown = " ".join(cmd).replace("\n", " ")
    log(f"$ {shown[:160]}{' ...' if len(shown) > 160 else ''}")
    proc = subprocess.run(cmd, cwd=cwd, check=False, capture_output=True, text=True, input=stdin)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    return proc.stdout


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def license_text(parts: list[tuple[str, bytes]]) -> bytes:
    """One licence file: verbatim if there is one source, else concatenated with headers."""
    if len(parts) == 1:
        return parts[0][1]
    out = []
    for label, data in parts:
        text = data.decode("utf-8").rstrip("\n")
        out.append(f"==> {label} <==\n\n{text}\n")
    return "\n".join(out).encode("utf-8")


def license_name(lib: dict) -> str:
    """aws-sdk.min.js -> aws-sdk.LICENSE, node-inspect-extracted.js -> node-inspect-extracted.LICENSE"""
    return re.sub(r"(\.min)?\.js$", "", lib["file"]) + ".LICENSE"


def read_member(tar: tarfile.TarFile, path: str) -> bytes:
    member = tar.getmember("package/" + path)
    if not member.isfile():
        raise SystemExit(f"{path}: not a regular file in the tarball")
    fh = tar.extractfile(member)
    assert fh is not None
    return fh.read()


def resolve_main(main: str, names: set[str]) -> str:
    main = main.removeprefix("./")
    for cand in (main, main + ".js", main.rstrip("/") + "/index.js"):
        if "package/" + cand in names:
            return cand
    raise SystemExit(f"cannot resolve package.json main {main!r}")


def build_pack(lib: dict, work: Path, out: Path) -> dict:
    spec = f"{lib['package']}@{lib['version']}"
    dest = work / "pack"
    dest.mkdir(exist_ok=True)
    info = json.loads(run(["npm", "pack", spec, "--json", "--pack-destination", str(dest)], work))
    info = info[0]
    if info["name"] != lib["package"] or info["version"] != lib["version"]:
        raise SystemExit(f"npm pack {spec} gave {info['name']}@{info['version']}")
    with tarfile.open(dest / info["filename"], "r:gz") as tar:
        names = set(tar.getnames())
        pkg = json.loads(read_member(tar, "package.json"))
        if lib.get("main"):
            main = resolve_main(pkg["main"], names)
            if main != lib["source"]:
                raise SystemExit(f"{spec}: package.json main is {main}, expected {lib['source']}")
        data = read_member(tar, lib["source"])
        lic = license_text([(f"{spec} {p}", read_member(tar, p)) for p in lib["licenses"]])
    (out / lib["file"]).write_bytes(data)
    (out / license_name(lib)).write_bytes(lic)
    return {
        "from": f"package/{lib['source']}",
        "tarball_integrity": info["integrity"],
        "spdx": pkg.get("license"),
        "data": data,
    }


class EsbuildEnv:
    """scripts/vendor/ installed with npm ci in a temporary directory."""

    def __init__(self, work: Path):
        self.dir = work / "esbuild"
        self.dir.mkdir()
        pkg = json.loads((BUILD_INPUTS / "package.json").read_text())
        for name, ver in pkg.get("devDependencies", {}).items():
            if not re.fullmatch(r"\d+\.\d+\.\d+", ver):
                raise SystemExit(f"scripts/vendor/package.json: {name} must be pinned exactly, got {ver}")
        for f in BUILD_INPUTS.iterdir():
            if f.is_file() and (f.name.startswith("package") or f.name.endswith(".entry.js")):
                shutil.copy2(f, self.dir / f.name)
        run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], self.dir)
        lock = json.loads((self.dir / "package-lock.json").read_text())
        self.versions = {
            k.removeprefix("node_modules/"): v["version"]
            for k, v in lock["packages"].items()
            if k.startswith("node_modules/")
        }
        for name, ver in pkg["devDependencies"].items():
            if self.versions.get(name) != ver:
                raise SystemExit(f"package-lock.json has {name}@{self.versions.get(name)}, package.json pins {ver}")
        self.esbuild = self.dir / "node_modules" / ".bin" / "esbuild"
        self.esbuild_version = run([str(self.esbuild), "--version"], self.dir).strip()
        if self.esbuild_version != self.versions["esbuild"]:
            raise SystemExit(f"esbuild binary is {self.esbuild_version}, lock has {self.versions['esbuild']}")

    @staticmethod
    def install_of(input_path: str) -> str:
        """Where a bundled file's package is installed: node_modules/a/node_modules/@s/b/x.js -> a/node_modules/@s/b."""
        parts = input_path.split("node_modules/", 1)[1].split("/")
        install: list[str] = []
        while True:
            size = 2 if parts[0].startswith("@") else 1
            install, parts = install + parts[:size], parts[size:]
            if not parts or parts[0] != "node_modules":
                return "/".join(install)
            install, parts = install + ["node_modules"], parts[1:]

    def license_files(self, install: str) -> list[Path]:
        d = self.dir / "node_modules" / install
        found = sorted(p for p in d.iterdir() if p.is_file() and re.match(r"(?i)^(\w+-)?(licen[cs]e|copying)", p.name))
        if not found and name_of(install) not in NO_LICENSE_FILE and not self.declared_license(install):
            raise SystemExit(f"{install}: no licence file found")
        return found

    def spdx(self, install: str) -> str | None:
        """package.json's licence: its `license` (an old-style {"type"} object read as its type) or `licenses`."""
        meta = json.loads((self.dir / "node_modules" / install / "package.json").read_text())
        declared = meta.get("license") or meta.get("licenses")
        if isinstance(declared, dict):
            declared = declared.get("type")
        if isinstance(declared, list):
            declared = " OR ".join(str(item.get("type") if isinstance(item, dict) else item) for item in declared)
        return declared or None

    def declared_license(self, install: str) -> str | None:
        """What package.json says of the licence, as a sentence, or None."""
        declared = self.spdx(install)
        return f"{declared} (package.json's license field; the package ships no licence text)." if declared else None

    def build(self, lib: dict, out: Path) -> dict:
        pkg = lib["package"]
        version = self.versions[pkg]
        meta = self.dir / (lib["name"] + ".meta.json")
        if "require" in lib:  # no entry file: the bundle is the package itself, read from stdin
            stdin: str | None = f"module.exports = require({json.dumps(lib['require'])});"
            source, origin = [], f"`{stdin}`"
        else:
            stdin, source, origin = None, [lib["entry"]], f"scripts/vendor/{lib['entry']}"
        banner = (
            f"// segtui vendor bundle {lib['file']}: {pkg}@{version}, built by esbuild "
            f"{self.esbuild_version} from {origin}.\n"
            "// Generated by scripts/refresh_vendor.py; do not edit."
        )
        run(
            [str(self.esbuild), *source, *lib.get("options", ESBUILD_OPTIONS), f"--banner:js={banner}",
             f"--metafile={meta}", f"--outfile={self.dir / 'out' / lib['file']}"],
            self.dir, stdin,
        )
        data = (self.dir / "out" / lib["file"]).read_bytes()
        inputs = json.loads(meta.read_text())["inputs"]
        installs = sorted({self.install_of(p) for p in inputs if "node_modules/" in p})
        if pkg not in {name_of(install) for install in installs}:
            raise SystemExit(f"{lib['name']}: {pkg} is not in the bundle")
        parts = []
        bundled: dict[str, list[str]] = {}
        for install in installs:
            name, installed = name_of(install), self.versions[install]
            bundled.setdefault(name, []).append(installed)
            for f in self.license_files(install):
                parts.append((f"{name}@{installed} {f.name}", f.read_bytes()))
            if not self.license_files(install):
                label = f"{name}@{installed} (no licence file)"
                note = NO_LICENSE_FILE.get(name) or self.declared_license(install)
                parts.append((label, f"{label}: {note}\n".encode()))
        spdx = {install: self.spdx(install) for install in installs}
        (out / lib["file"]).write_bytes(data)
        (out / license_name(lib)).write_bytes(license_text(parts))
        return {
            "version": version,
            "entry": origin.strip("`"),
            "esbuild": self.esbuild_version,
            # A package bundled in more than one version (nested installs) lists them all.
            "bundled": {name: ", ".join(sorted(set(versions))) for name, versions in sorted(bundled.items())},
            "spdx": " AND ".join(sorted(set(filter(None, spdx.values())))),
            "data": data,
        }


def build_all(out: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="segtui-vendor-") as tmp:
        work = Path(tmp)
        esb = EsbuildEnv(work) if any(l["produced"] == "esbuild" for l in LIBRARIES) else None
        files = []
        for lib in LIBRARIES:
            log(f"-- {lib['name']}")
            res = build_pack(lib, work, out) if lib["produced"] == "pack" else esb.build(lib, out)  # type: ignore[union-attr]
            data = res.pop("data")
            entry = {
                "name": lib["name"],
                "file": lib["file"],
                "package": lib["package"],
                "version": lib.get("version") or res.pop("version"),
                "produced": lib["produced"],
            }
            entry.update({k: v for k, v in res.items() if k != "version"})
            entry.update({
                "sha256": sha256(data),
                "bytes": len(data),
                "license": license_name(lib),
                "expose": lib["expose"],
                "lazy": bool(lib.get("lazy", False)),
                "requires_at_load": lib.get("requires_at_load", []),
                "requires_at_call": lib.get("requires_at_call", []),
                "notes": lib["notes"],
            })
            files.append(entry)
    return {
        "format": 1,
        "generated_by": "scripts/refresh_vendor.py",
        "about": (
            "Files in load order; lazy files are loaded on first use. expose.kind 'global': "
            "evaluate as a classic script, it defines expose.globals itself. expose.kind "
            "'commonjs': evaluate as (function(module, exports){<file>\\n}) with "
            "module = {exports: {}} and exports = module.exports, then assign "
            "module.exports to globalThis[expose.global]. expose.kind 'node': a CommonJS "
            "module for Node: evaluate as (function (module, exports, require, process, global)"
            "{<file>\\n}) with a require() that answers Node's core modules and a process "
            "object; module.exports is the package. requires_at_load: globals that "
            "must exist before evaluation; requires_at_call: globals used when called."
        ),
        "files": files,
    }


def write_manifest(out: Path, manifest: dict) -> None:
    (out / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")


def produced_names(manifest: dict) -> set[str]:
    names = {MANIFEST_NAME}
    for f in manifest.get("files", []):
        names.update({f["file"], f["license"]})
    return names


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare")
    args = ap.parse_args()
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is required to refresh the vendor folder")

    with tempfile.TemporaryDirectory(prefix="segtui-vendor-") as tmp:
        out = Path(tmp)
        manifest = build_all(out)  # a failed build stops here, before the vendor folder is touched
        write_manifest(out, manifest)
        if args.check:
            diffs = [name for name in sorted(produced_names(manifest))
                     if not (VENDOR / name).exists() or (VENDOR / name).read_bytes() != (out / name).read_bytes()]
            if diffs:
                log("differs from a fresh build: " + ", ".join(diffs))
                return 1
            log("vendor folder matches a fresh build")
            return 0
        VENDOR.mkdir(parents=True, exist_ok=True)
        old = VENDOR / MANIFEST_NAME
        if old.exists():
            for name in produced_names(json.loads(old.read_text())):
                (VENDOR / name).unlink(missing_ok=True)
        for name in produced_names(manifest):
            shutil.move(out / name, VENDOR / name)
    stray = sorted(set(os.listdir(VENDOR)) - produced_names(manifest) - KEEP)
    if stray:
        log("note: files in the vendor folder not produced by this script: " + ", ".join(stray))
    total = 0
    for f in manifest["files"]:
        total += f["bytes"]
        log(f"{f['file']:28} {f['bytes']:>9} bytes  {f['package']}@{f['version']} ({f['produced']})")
    log(f"total {total} bytes of JavaScript")
    return 0


if __name__ == "__main__":
    sys.exit(main())
