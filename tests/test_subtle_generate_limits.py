"""crypto.subtle.generateKey of an RSA pair segtui's host does not make (Python's cryptography makes 1,024 to 4,096
bits and the public exponents 3 and 65537; Node makes others) rejects with a clear "not available in segtui" error the
handler can catch, and the run goes on."""

from __future__ import annotations

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig

HANDLER = r"""
async function onTrack() {
  const made = async (modulusLength, publicExponent) => {
    try {
      const pair = await crypto.subtle.generateKey({ name: "RSA-PSS", modulusLength, publicExponent: new Uint8Array(publicExponent),
        hash: "SHA-256" }, true, ["sign"]);
      return pair.privateKey.algorithm.modulusLength;
    } catch (error) {
      return `${error.name}: ${error.message}`;
    }
  };
  return [await made(512, [1, 0, 1]), await made(1024, [17]), await made(1024, [1, 0, 1])];
}
"""


def test_an_rsa_pair_the_host_does_not_make_is_not_available_in_segtui(tmp_path):
    handler = tmp_path / "handler.js"
    handler.write_text(HANDLER, encoding="utf-8")
    engine = Engine(SandboxConfig(timeout_s=30))
    engine.start()
    try:
        assert engine.load(handler).ok
        result = engine.invoke({"type": "track"}, {})
    finally:
        engine.close()
    assert result.outcome == "success", result.error
    assert result.return_value == [
        "NotSupportedError: crypto.subtle.generateKey with RSA keys of 512 bits (it makes 1024 to 4096) is not available in segtui",
        "NotSupportedError: crypto.subtle.generateKey with the RSA public exponent 17 (it makes 3 and 65537) is not available in segtui",
        1024,
    ]
