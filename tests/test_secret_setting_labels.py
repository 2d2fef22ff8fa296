"""A setting's label is prose (`Key Events`, GA4's name for conversions; `Token Endpoint`): it names a secret by itself
only when it ends with a credential's noun (`Client Secret` over `cs`); else only a text under it that reads as a key or
a password is one. A label that merely mentions a key or a token must not mask its setting's values, which an event's
own fields hold too (`Order Completed`, `"total": 90`, a URL, `application/json`)."""

from __future__ import annotations

import json

from support.cli import segtui, write_function

from segtui.masking import MASK

HANDLER = r"""
async function onTrack(event, settings) {
  console.log('using', settings.cs, settings.conversions.join(','), settings.rotationDays, settings.issuerEndpoint);
  return { conversions: settings.conversions, rotationDays: settings.rotationDays, issuerEndpoint: settings.issuerEndpoint,
           customHeaders: settings.customHeaders, cs: settings.cs, ids: settings.ids, pinned: settings.pinned,
           event: 'Order Completed', total: 90, signup: 'Signed Up', url: 'https://oauth.example.com/token',
           accept: 'application/json', env: 'prod' };
}
"""
SCHEMA = {"settings": [{"label": "Key Events", "name": "conversions", "type": "array"},
                       {"label": "API Key Rotation Days", "name": "rotationDays", "type": "string"},
                       {"label": "Token Endpoint", "name": "issuerEndpoint", "type": "string"},
                       {"label": "Custom Auth Headers", "name": "customHeaders", "type": "map"},
                       {"label": "Key Accounts", "name": "ids", "type": "string"},
                       {"label": "Client Secret", "name": "cs", "type": "string"},
                       {"label": "Token Endpoint Pin", "name": "pinned", "type": "string", "sensitive": False}]}
SETTINGS = {"conversions": ["Order Completed", "Signed Up"], "rotationDays": "90",
            "issuerEndpoint": "https://oauth.example.com/token",
            "customHeaders": {"Accept": "application/json", "X-Env": "prod"},
            "ids": "Qm7Vx2Lp9Rk4Wn8Zt3Hc", "cs": "Hb7Kq2Wn9Xr4Tz6Pm3Lc", "pinned": "Summer2024!"}


def test_a_label_that_mentions_a_key_or_a_token_masks_no_ordinary_value(tmp_path):
    folder = write_function(tmp_path, HANDLER, SCHEMA, SETTINGS)
    done = segtui("run", "handler.js", "--event", "track", "--json", cwd=folder)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)["return"]
    assert shown == {"conversions": ["Order Completed", "Signed Up"], "rotationDays": "90",
                     "issuerEndpoint": "https://oauth.example.com/token",
                     "customHeaders": {"Accept": "application/json", "X-Env": "prod"},
                     # A label ending with a credential's noun names a secret; a key under any other label is one too.
                     "ids": MASK, "cs": MASK, "pinned": MASK,
                     "event": "Order Completed", "total": 90, "signup": "Signed Up",
                     "url": "https://oauth.example.com/token", "accept": "application/json", "env": "prod"}
    assert SETTINGS["cs"] not in done.stdout + done.stderr and "Summer2024!" not in done.stdout + done.stderr


IDENTITY_HANDLER = r"""
async function onTrack(event, settings) {
  console.log('device', settings.pskIdentity, settings.passwordHint);
  return { identity: settings.pskIdentity, hint: settings.passwordHint, psk: settings.wifiPsk, device: 'sensor-042' };
}
"""


def test_a_psks_identity_and_a_passwords_hint_are_shown_as_a_username_is(tmp_path):
    # A review: `pskIdentity` counted as a secret (psk a whole word), yet the identity is public like a username.
    schema = {"settings": [{"label": "PSK Identity", "name": "pskIdentity"}, {"label": "Password Hint", "name": "passwordHint"},
                           {"label": "Wi-Fi PSK", "name": "wifiPsk"}]}
    settings = {"pskIdentity": "sensor-042", "passwordHint": "first pet", "wifiPsk": "Ty6Gh2Jk9Lp4Qw7Er3Zx"}
    folder = write_function(tmp_path, IDENTITY_HANDLER, schema, settings)
    done = segtui("run", "handler.js", "--event", "track", "--json", cwd=folder)
    shown = json.loads(done.stdout)["return"]
    assert shown == {"identity": "sensor-042", "hint": "first pet", "psk": MASK, "device": "sensor-042"}
    assert settings["wifiPsk"] not in done.stdout + done.stderr


def test_a_required_setting_named_a_secret_by_its_label_is_advised_set_in_the_file_only(tmp_path):
    # A review: `{"label": "Client Secret", "name": "cs"}`, written `sensitive: false` as Git sync writes every setting,
    # was advised set with --setting, which leaves it in the shell's history, though dbPassword beside it was not.
    schema = {"settings": [{"label": label, "name": name, "required": True, "sensitive": False}
                           for label, name in (("Client Secret", "cs"), ("DB Password", "dbPassword"), ("Region", "region"))]}
    folder = write_function(tmp_path, HANDLER, schema, {})
    done = segtui("run", "handler.js", "--event", "track", "--offline", cwd=folder)
    assert done.returncode == 2 and done.stderr.splitlines()[-1] == (
        "Set them in segtui.settings.json, or with --setting region=... (cs, dbPassword in the file only: a command line"
        " stays in the shell's history)."), done.stderr
