"""A secret holding quotes and a backslash, quoted by writers other than JSON (found by a leak probe): util.inspect
double- or backtick-quotes a string that holds a `'` and escapes only its backslashes (`console.log(settings)`
showed `` apiSecret: `k"y'\\\\(x)` ``), CSV doubles `"`, SQL doubles `'`, a shell command writes `'\\''`, and code
escapes quotes by hand. Ordinary text with quotes and backslashes stays as it is."""

from __future__ import annotations

from support.cli import assert_none_leaked, run_outputs, write_function

SETTINGS = {"apiSecret": "k\"y'\\(x)[z]$^", "dbPassword": "don't\\panic\"now", "plain": "Zq7mX2pL9vB4nK8s"}
SCHEMA = {"settings": [{"name": name, "label": name, "type": "string", "sensitive": True} for name in SETTINGS]
          + [{"name": "base", "label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const { apiSecret, dbPassword } = settings;
  console.log(settings);
  console.log({ apiSecret }, [dbPassword]);
  const csv = [apiSecret, dbPassword].map((v) => '"' + v.replace(/"/g, '""') + '"').join(',');
  const sql = `UPDATE users SET pw = '${dbPassword.replace(/'/g, "''")}', k = '${apiSecret.replace(/'/g, "''")}'`;
  const shell = `curl -u 'me:${dbPassword.replace(/'/g, "'\\''")}' https://x`;
  const handMade = '{"k": "' + apiSecret.replace(/"/g, '\\"') + '"}';
  console.log(csv, sql, shell, handMade);
  await fetch(settings.base + '/upload', { method: 'POST', body: csv + '\n' + sql });
  return { csv, sql, shell, handMade, text: `it's "quoted" \\ and O'Brien's` };
}
"""


def leaked_texts() -> list[str]:
    """What a leak would show: each secret's middle as those writers quote it (the raw secret is masked already)."""
    api, db = SETTINGS["apiSecret"], SETTINGS["dbPassword"]
    return [r"""k"y'\\(x)""", r"""don't\\panic""", 'k""y', "don''t", "don'\\''t", 'k\\"y', "y''\\(x", 'panic""now',
            api[2:], db[2:]]


def test_quoted_forms_of_a_secret_are_masked_in_every_output(tmp_path, loopback):
    folder = write_function(tmp_path, HANDLER, SCHEMA, {**SETTINGS, "base": loopback.base})
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    received = b"".join(request.body for request in loopback.take()).decode()
    assert '"k""y' in received and "don''t" in received, "what the handler sent"
    assert_none_leaked(outputs, leaked_texts())
    assert "it's \\\"quoted\\\" \\\\ and O'Brien's" in outputs["run json stdout"], "ordinary quoted text is shown"


JSON_HANDLER = r"""
async function onTrack(event, settings) {
  const q = settings.apiSecret;
  const csv = JSON.stringify(q.replace(/"/g, '""'));
  const sql = JSON.stringify("'" + q.replace(/'/g, "''") + "'");
  const ascii = JSON.stringify(q.replace(/"/g, '""') + '\u00e9').replace(/[\u007f-\uffff]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  console.log(csv, sql, ascii);
  await fetch(settings.base + '/cells', { method: 'POST', body: csv + '\n' + sql });
  return { csv, sql, ascii, ordinary: JSON.stringify(`it's "quoted" \\ and O'Brien's ""x"" ''y''`) };
}
"""


def test_a_quoted_form_then_json_escaped_is_masked_in_every_output(tmp_path, loopback):
    """A CSV cell or an SQL literal of the secret put into JSON (`JSON.stringify(q.replace(/"/g, '""'))`) escapes its
    doubled quotes and its backslash once more: each quoted form takes every form the secret takes (found by a
    review)."""
    folder = write_function(tmp_path, JSON_HANDLER, SCHEMA, {**SETTINGS, "base": loopback.base})
    outputs = run_outputs(folder, "--event", "track", replay=True)
    received = b"".join(request.body for request in loopback.take()).decode()
    assert '"k\\"\\"y' in received, "what the handler sent"
    assert_none_leaked(outputs, ["(x)[z]$^", "k\\\"\\\"y", "y''\\\\(x"])
    assert "O'Brien's" in outputs["run json stdout"] and "''y''" in outputs["run text"], "ordinary quoted text is shown"
