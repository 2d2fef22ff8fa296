"""The feedback modes (CFB, CFB8, OFB) with cryptography's deprecation warnings as errors: cryptography 48 warns where 49
removes them, so segtui takes them from where 49 keeps them."""

from __future__ import annotations

import json
import subprocess
import sys

FROM_NODE = {  # Node 20: key bytes 7, IV bytes 9, "hello world"
    "aes-128-cfb": "f92a7eecc6855804345535",
    "aes-192-cfb8": "a829a01ccd97276c9fcd2f",
    "aes-256-ofb": "6fdc944e9a12ab30ac0cab",
    "des-ede3-cfb": "5e7d9f8c8a538a13b887d2",
    "des-ede3-cfb8": "5e292e029b77f797e8f226",
    "des-ede3-ofb": "5e7d9f8c8a538a13b264b3",
}
SCRIPT = """
import base64, json, sys, warnings
from cryptography.utils import CryptographyDeprecationWarning
warnings.simplefilter("error", CryptographyDeprecationWarning)
from segtui.sandbox.cipher_table import lookup
from segtui.sandbox.ciphers import Ciphers

ciphers, out = Ciphers(), {}
for name in json.loads(sys.argv[1]):
    spec = lookup(name)
    made = ciphers.new({"algorithm": name, "key": "\\x07" * spec.key_length, "iv": "\\x09" * spec.iv_length,
                        "decrypt": False, "tag_length": None})
    data = base64.b64encode(b"hello world").decode()
    step = base64.b64decode(ciphers.update({"id": made["id"], "data": data, "padding": True})["output"])
    last = ciphers.final({"id": made["id"], "padding": True})["output"].encode("latin-1")
    out[name] = (step + last).hex()
print(json.dumps(out))
"""


def test_feedback_modes_run_as_node_with_cryptographys_deprecations_as_errors():
    done = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(list(FROM_NODE))], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == FROM_NODE
