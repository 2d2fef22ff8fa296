"""A setting whose name is a credential (a key pasted as the name, or name and value swapped: `--setting "$KEY=apiKey"`)
has that name masked like a secret value: in the refusal of a name segtui.json does not declare, and in every output
of a run without segtui.json, where the handler gets it as a key of `settings`. Names such as `apiKey` still show."""

from __future__ import annotations

import json

from support.cli import segtui

from segtui.masking import MASK

HANDLER = """
async function onTrack(event, settings) {
  console.log(Object.keys(settings).join(","));
  return settings;
}
"""
STRIPE, SLACK, RANDOM = "sk_live_51HxYzAbCdEfGh12", "xoxb-2048204820-4096409640961-Zk8JqPmW3xL9vR2nT6yB4cHd", "Qw3rTy9UiOp2LkVb"
PASSWORD = "Gx7qLm2vR9tWp4"


def test_a_setting_named_by_a_credential_is_refused_without_showing_it(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [{"label": "API Key", "sensitive": True}]}))
    settings = {"apiKey": PASSWORD, STRIPE: "v", RANDOM: 1, PASSWORD: "apiKey", "endpoint": "x"}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--setting", f"{SLACK}=1", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    for name in (STRIPE, SLACK, RANDOM, PASSWORD):
        assert name not in done.stderr, f"the refusal shows {name}"
    assert done.stderr.count("unknown setting (not shown") == 4 and 'unknown setting "endpoint"' in done.stderr


def test_a_setting_named_by_a_credential_is_masked_in_a_runs_outputs(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({STRIPE: 1, "region": "eu"}), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--json", "--offline", "--setting", f"{RANDOM}=apiKey",
                  "--setting", f"{SLACK}=", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in (STRIPE, SLACK, RANDOM):
        assert name not in done.stdout + done.stderr, f"the run shows {name}"
    shown = json.loads(done.stdout)
    assert shown["return"] == {MASK: 1, "region": "eu", f"{MASK} (2)": "apiKey", f"{MASK} (3)": ""}
    assert shown["logs"][0]["message"] == f"{MASK},region,{MASK},{MASK}"


def test_a_declared_setting_named_by_a_credential_is_masked_in_a_runs_outputs(tmp_path):
    # Saved by an older Settings Builder, which declared any name it listed in segtui.json.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [{"label": STRIPE, "name": STRIPE}]}))
    (tmp_path / "segtui.settings.json").write_text(json.dumps({STRIPE: "v"}), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--json", "--offline", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert STRIPE not in done.stdout + done.stderr
    assert json.loads(done.stdout)["return"] == {MASK: "v"}


def test_a_declared_setting_named_by_a_credential_is_masked_in_the_refusals_of_its_settings(tmp_path):
    # A probe: the refusals of settings named the declared names and labels as they were, a pasted key with them.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [
        {"label": "API Key", "sensitive": True}, {"label": STRIPE, "name": STRIPE, "type": "array"},
        {"label": SLACK, "name": "slack", "required": True}, {"label": "Region", "name": RANDOM, "required": True}]}))
    missing = segtui("run", "handler.js", "--event", "track", "--offline", cwd=tmp_path)
    assert missing.returncode == 2 and "Missing required settings" in missing.stderr, missing.stderr
    assert "--setting slack=..." in missing.stderr and f"{MASK} (Region)" in missing.stderr
    mistyped = segtui("run", "handler.js", "--event", "track", "--offline", "--setting", f"{STRIPE}=5",
                      "--setting", "slack=s", "--setting", f"{RANDOM}=r", "--setting", "apiKye=x", cwd=tmp_path)
    # Its label is its name, so it is named once (5c3c7a3).
    assert mistyped.returncode == 2 and f'setting "{MASK}" given with --setting must be an array' in mistyped.stderr, mistyped.stderr
    assert STRIPE not in mistyped.stderr
    assert f"declared: apiKey, {MASK}, slack, {MASK}" in mistyped.stderr
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [{"label": STRIPE, "name": STRIPE},
                                                                {"label": "Key", "name": STRIPE}]}))
    twice = segtui("run", "handler.js", "--event", "track", "--offline", cwd=tmp_path)
    assert twice.returncode == 2 and f"settings declared more than once: {MASK}" in twice.stderr, twice.stderr
    for name in (STRIPE, SLACK, RANDOM):
        assert name not in missing.stderr + mistyped.stderr + twice.stderr, f"a refusal shows {name}"


def test_segtui_json_that_says_sensitive_twice_is_refused_rather_than_read_by_its_last(tmp_path):
    # A probe: `"sensitive": true, "sensitive": false` was read as its last, not sensitive, and a setting of no secret's
    # name (Client Code) was shown in every output; a key given twice anywhere in segtui.json is refused so.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text('{"settings": [{"label": "Client Code", "sensitive": true, "sensitive": false}]}')
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"clientCode": PASSWORD}), encoding="utf-8")
    for command in (["run", "handler.js", "--event", "track", "--offline"], ["test", "handler.js", "track", "--update"]):
        done = segtui(*command, cwd=tmp_path)
        assert done.returncode == 2, done.stdout + done.stderr
        assert '"sensitive" is given twice in one object' in done.stderr
        assert PASSWORD not in done.stdout + done.stderr
    assert not list(tmp_path.rglob("*.golden.json"))


TF_TWICE = """resource "segment_function" "id-dfn_abc" {
  code          = "async function onTrack(event, settings) {\\n  console.log('code', settings.clientCode);\\n  return settings.clientCode;\\n}\\n"
  display_name  = "Dup"
  resource_type = "DESTINATION"
  settings = [
    {
      label     = "Client Code"
      name      = "clientCode"
      required  = false
      sensitive = true
      sensitive = false
      type      = "STRING"
    },
  ]
}
"""


def test_a_tf_settings_object_that_says_sensitive_twice_is_refused_rather_than_read_by_its_last(tmp_path):
    # A review: `sensitive = true` then `sensitive = false` in a .tf file's settings was read by its last, and the
    # value was shown unmasked; it is refused as segtui.json's is.
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "dfn_abc.tf").write_text(TF_TWICE, encoding="utf-8")
    (tmp_path / "functions" / "dfn_abc.settings.json").write_text(json.dumps({"clientCode": PASSWORD}), encoding="utf-8")
    done = segtui("run", "functions/dfn_abc.tf", "--event", "track", "--offline", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert '"sensitive" is given twice in one object' in done.stderr, done.stderr
    assert PASSWORD not in done.stdout + done.stderr


def test_a_key_given_twice_in_a_linked_segtui_json_is_not_named(tmp_path):
    # A review: segtui.json that is a link to another file (a settings file) may not be quoted, yet its refusal of a
    # key given twice named the key, which may be a secret.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "real.json").write_text(json.dumps({"settings": []})[:-1] + f', "{STRIPE}": 1, "{STRIPE}": 2}}')
    (tmp_path / "segtui.json").symlink_to(tmp_path / "real.json")
    done = segtui("run", "handler.js", "--event", "track", "--offline", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "a key is given twice in one object" in done.stderr, done.stderr
    assert STRIPE not in done.stdout + done.stderr and STRIPE[8:] not in done.stderr
