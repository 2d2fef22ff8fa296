"""Webhook URLs whose path, host or key is their secret, in a setting whatever its name (found by a leak probe): Zapier's
catch hooks, Microsoft Teams' incoming webhooks, IFTTT's and Make's, Mattermost's `/hooks/TOKEN`, Pipedream's host
and an Azure function's `?code=` key were shown in every output under a name such as `endpoint`, as Slack's were
before. The parts grepped for are written here, apart from segtui."""

from __future__ import annotations

import pytest
from support.cli import run_outputs, write_function

from segtui.masking import MASK
from segtui.settings import UNDECLARED
from segtui.settings_secrets import sensitive_values

HOOKS = {
    "zapier": ("https://hooks.zapier.com/hooks/catch/1234567/b8x9k2q/", "1234567/b8x9k2q"),
    "teams": (("https://acme.webhook.office.com/webhookb2/3f2a1b4c-aaaa-bbbb-cccc-1234567890ab@72f988bf-86f1-41af-91ab-"
               "2d7cd011db47/IncomingWebhook/9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"),
              "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a"),
    "ifttt": ("https://maker.ifttt.com/trigger/new_order/with/key/dQw4w9WgXcQ-abcdEFGH123", "dQw4w9WgXcQ-abcdEFGH123"),
    "make": ("https://hook.eu1.make.com/abcdefghijklmnop1234567890qrstuv", "abcdefghijklmnop1234567890qrstuv"),
    "mattermost": ("https://chat.example.com/hooks/xj8k3m9p2q7r4s6t1u5v0w", "xj8k3m9p2q7r4s6t1u5v0w"),
    "pipedream": ("https://eo1a2b3c4d5e6f7.m.pipedream.net/", "eo1a2b3c4d5e6f7"),
    "azure": ("https://orders.azurewebsites.net/api/ingest?code=aB3dEf9hIjKlMnOpQrStUvWxYz0123456789abcdEF%3D%3D",
              "aB3dEf9hIjKlMnOpQrStUvWxYz0123456789abcdEF"),
}
SCHEMA = {"settings": [{"label": name, "type": "string"} for name in [*HOOKS, "base"]]}

HANDLER = r"""
async function onTrack(event, settings) {
  const shown = {};
  for (const [name, url] of Object.entries(settings).filter(([name]) => name !== 'base')) {
    const parsed = new URL(url);
    console.log(name, url, parsed.pathname, parsed.hostname, parsed.searchParams.get('code'));
    shown[name] = parsed.pathname.split('/').filter(Boolean).slice(-2).join('/');
  }
  await fetch(settings.base + '/forward', { method: 'POST', body: JSON.stringify(shown) });
  return shown;
}
"""


@pytest.fixture
def folder(tmp_path, loopback):
    return write_function(tmp_path, HANDLER, SCHEMA, {**{name: url for name, (url, _) in HOOKS.items()}, "base": loopback.base})


def test_a_webhook_urls_secret_is_masked_in_every_output_whatever_the_setting_is_named(folder, loopback):
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    assert b"b8x9k2q" in loopback.take()[0].body, "what was sent"
    for where, output in outputs.items():
        for name, (_, secret) in HOOKS.items():
            assert secret not in output, (where, name)
    assert MASK in outputs["run text"]


@pytest.mark.parametrize("url", ["https://github.com/org/repo/settings/hooks/new", "https://api.example.com/v1/hooks/list",
                                 "https://orders.azurewebsites.net/api/ingest?name=short"])
def test_a_url_that_only_names_hooks_holds_no_secret(url):
    assert sensitive_values(UNDECLARED, {"endpoint": url}) == []
