"""A secret that is a UUID (Postmark's server token, Braze's REST key) decoded to its 16 bytes by the handler, as a key
or an IV (`Buffer.from(token.replace(/-/g, ''), 'hex')`), is masked in those bytes' base64 and in the Buffer (found by
a leak probe: the base64 showed); its groups rejoined without dashes were masked already. An ordinary event's UUIDs
(message ids) stay as they are."""

from __future__ import annotations

import base64
import uuid

from support.cli import assert_none_leaked, run_outputs, write_function

TOKEN = "3f2a1b4c-9d8e-47f6-a5b3-c2d1e0f9a8b7"
MESSAGE_ID = "0b7c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4"
SCHEMA = {"settings": [{"name": "serverToken", "label": "Server Token", "type": "string", "sensitive": True},
                       {"name": "base", "label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const key = Buffer.from(settings.serverToken.replace(/-/g, ''), 'hex');
  console.log('key', key.toString('base64'), key.toString('base64url'), key);
  const iv = key.subarray(0, 12).toString('base64');
  await fetch(settings.base + '/t', { method: 'POST', headers: { 'x-iv': iv }, body: key.toString('base64') });
  return { key: key.toString('base64'), iv, messageId: event.messageId,
           other: Buffer.from(event.messageId.replace(/-/g, ''), 'hex').toString('base64') };
}
"""


def test_a_uuid_secrets_bytes_are_masked_in_every_output(tmp_path, loopback):
    folder = write_function(tmp_path, HANDLER, SCHEMA, {"serverToken": TOKEN, "base": loopback.base})
    event = f'{{"type": "track", "event": "E", "messageId": "{MESSAGE_ID}"}}'
    (folder / "event.json").write_text(event, encoding="utf-8")
    outputs = run_outputs(folder, "--event", "event.json")
    data = uuid.UUID(TOKEN).bytes
    encoded = base64.b64encode(data).decode()
    assert encoded.encode() in b"".join(request.body for request in loopback.take()), "what the handler sent"
    assert_none_leaked(outputs, [encoded[:12], base64.urlsafe_b64encode(data).decode()[:12],
                                 base64.b64encode(data[:12]).decode()[:12], data.hex(" ")[:17]])
    other = base64.b64encode(uuid.UUID(MESSAGE_ID).bytes).decode()
    assert MESSAGE_ID in outputs["run json stdout"] and other in outputs["run json stdout"], "an event's own UUIDs show"


TEXTS_HANDLER = r"""
async function onTrack(event, settings) {
  const texts = ['x-498d-y', 'sku 12-a648-77', 'order 0b7c1d2e-3f4a-4b5c-a648-7f8091a2b3c4',
                 'card 4111 1234 5678 12:34 zip 1234 5678 1234'];
  console.log(texts.join(' | '));
  return { texts, tokens: [settings.serverToken.length, settings.digitToken.length] };
}
"""


def test_a_uuid_secrets_groups_and_digits_do_not_mask_ordinary_text(tmp_path):
    """A group of a UUID secret (`-a648-`: 4 hex digits) in another UUID or an SKU, and a digit-only UUID secret's bytes
    read as spaced hex (`1234 5678`), are ordinary text (found by a review): a piece of hex digits and dashes needs 8
    hex digits, and a hex key of digits alone is not decoded."""
    settings = {"serverToken": "5eeb653c-2dd9-498d-a648-6107a181a49d",
                "digitToken": "12345678-1234-1234-1234-123456789012"}
    schema = {"settings": [{"name": name, "label": name, "type": "string", "sensitive": True} for name in settings]}
    folder = write_function(tmp_path, TEXTS_HANDLER, schema, settings)
    outputs = run_outputs(folder, "--event", "track")
    for where in ("run text", "run json stdout"):
        for text in ("x-498d-y", "sku 12-a648-77", "4b5c-a648-7f80", "card 4111 1234 5678 12:34 zip 1234 5678 1234"):
            assert text in outputs[where], (where, text)


SLICES_HANDLER = r"""
async function onTrack(event, settings) {
  const k = Buffer.from(settings.serverToken.replace(/-/g, ''), 'hex');
  const slices = [[0, 10], [3, 13], [1, 9], [5, 16], [2, 11]].map(([at, end]) => k.subarray(at, end));
  const ivs = ['base64', 'base64url'].flatMap((encoding) => slices.map((slice) => slice.toString(encoding)));
  console.log('ivs', ivs.join(' '));
  await fetch(settings.base + '/iv', { method: 'POST', headers: { 'x-iv': ivs[1] }, body: ivs.join('\n') });
  return { ivs };
}
"""


def test_base64_of_a_uuid_keys_slice_at_any_offset_is_masked(tmp_path, loopback):
    """An IV cut from a decoded key at any offset, 8 bytes or more, in base64 (`k.subarray(1, 9).toString('base64')`)
    is masked (found by a review: a 10-byte slice at offset 0 or 3 showed)."""
    folder = write_function(tmp_path, SLICES_HANDLER, SCHEMA, {"serverToken": TOKEN, "base": loopback.base})
    outputs = run_outputs(folder, "--event", "track")
    data = uuid.UUID(TOKEN).bytes
    slices = [data[at:end] for at, end in ((0, 10), (3, 13), (1, 9), (5, 16), (2, 11))]
    ivs = [encode(piece).decode()[:10] for piece in slices for encode in (base64.b64encode, base64.urlsafe_b64encode)]
    assert ivs[0].encode() in b"".join(request.body for request in loopback.take()), "what the handler sent"
    assert_none_leaked(outputs, ivs)
