"""A sensitive map whose keys are the secrets (a map of token → account) masks those keys: its values were masked and
the tokens shown, also where a map of the wrong type is refused. A key that reads as a label (`us`, `production-eu`)
still shows."""

from __future__ import annotations

import json

from support.cli import segtui

from segtui.masking import MASK

HANDLER = """
async function onTrack(event, settings) {
  console.log(settings.accountTokens, Object.keys(settings.regionKeys.eu));
  return {tokens: Object.keys(settings.accountTokens), regions: settings.regionKeys};
}
"""
TOKEN, NESTED = "tok_9fK2mQx7LpR4vW8nZ3bT6yH1cJ5dG0sA", "3f2a9c1e7b6d4a5f8e0c"


def test_a_sensitive_maps_keys_that_look_like_keys_are_masked(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    settings = {"accountTokens": {TOKEN: "acct_1", "production-eu": "acct_2"}, "regionKeys": {"eu": {NESTED: "main"}}}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--json", "--offline", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert TOKEN not in done.stdout and NESTED not in done.stdout
    shown = json.loads(done.stdout)
    assert shown["return"] == {"tokens": [MASK, "production-eu"], "regions": {"eu": {MASK: MASK}}}
    assert " ".join(shown["logs"][0]["message"].split()) == f"{{ {MASK}: '{MASK}', 'production-eu': '{MASK}' }} [ '{MASK}' ]"


def test_a_map_of_the_wrong_type_is_refused_without_showing_a_key_that_is_a_secret(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [
        {"label": "Account Tokens", "type": "map", "sensitive": True}, {"label": "Region Keys", "type": "map"}]}))
    # A key no rule tells from a name (AWS's example secret key, its letters in long runs) is not quoted either: only words are.
    pasted = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    settings = {"accountTokens": {"production-eu": "acct_2", TOKEN: 7}, "regionKeys": {"eu": 1}, "routes": {pasted: 2}}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [
        {"label": "Account Tokens", "type": "map", "sensitive": True}, {"label": "Region Keys", "type": "map"},
        {"label": "Routes", "type": "map"}]}))
    done = segtui("run", "handler.js", "--event", "track", "--offline", cwd=tmp_path)
    assert done.returncode == 2 and TOKEN not in done.stderr and pasted not in done.stderr
    must = 'must be a map of string to string, written as JSON such as {"key": "value"}'
    assert done.stderr.splitlines()[1:] == [
        f'  - setting "accountTokens" (Account Tokens) in segtui.settings.json {must}; the value of key 2 (not shown: no word) is a number',
        f'  - setting "regionKeys" (Region Keys) in segtui.settings.json {must}; "eu" is a number',
        f'  - setting "routes" (Routes) in segtui.settings.json {must}; the value of key 1 (not shown: no word) is a number']


def test_a_map_key_that_holds_a_passphrase_form_encoded_is_refused_masked(tmp_path):
    """The refusal masks with the settings' own secrets, no sandbox forms: a key of no separator but a form URL's `+`
    (`pw=correct+horse+…`) was read without them only when it also had another separator, so it showed whole."""
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [
        {"label": "Passphrase", "sensitive": True}, {"label": "Routes", "type": "map"}]}))
    key = "pw=correct+horse+battery+staple"
    settings = {"passphrase": "correct horse battery staple", "routes": {key: 5}}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--offline", cwd=tmp_path)
    assert done.returncode == 2 and "correct+horse" not in done.stderr, done.stderr
    assert done.stderr.splitlines()[1].endswith('; the value of key 1 (not shown: no word) is a number')
