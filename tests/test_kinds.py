"""Which kind a function is: --kind, segtui.json's "kind", onRequest, and handlers that contradict their kind."""

import json
import subprocess
import sys

import pytest
from support.cli import REPO, segtui

from segtui.errors import SegtuiInputError
from segtui.events import handled_types
from segtui.kinds import defined_handlers, kind_conflict, request_words, resolve_kind

SOURCE = "async function onRequest(request, settings) {\n  Segment.track({event: 'x', userId: 'u'})\n}\n"
DESTINATION = "async function onTrack(event) { return event }\n"


def test_the_explicit_kind_wins_then_segtui_json_then_onrequest():
    assert resolve_kind("insert", "source", defined_handlers(SOURCE)) == "insert"
    assert resolve_kind(None, "insert", defined_handlers(DESTINATION)) == "insert"
    assert resolve_kind(None, None, defined_handlers(SOURCE)) == "source"
    assert resolve_kind(None, None, defined_handlers(DESTINATION)) == "destination"


@pytest.mark.parametrize("text", ["const onRequest = async (request) => {}", "onRequest = function () {}",
                                  "export async function onRequest(r) {}", "function* onRequest () {}",
                                  # on a line after a statement or a comment (a minified handler: a probe)
                                  "var x=1;async function onRequest(r){}", "/* src */ async function onRequest(r) {}",
                                  "Object.freeze(globalThis); async function onRequest(r) {}"])
def test_onrequest_is_seen_however_it_is_defined(text):
    assert "onRequest" in defined_handlers(text)


def test_a_mention_of_onrequest_is_not_a_definition():
    assert defined_handlers("async function onTrack(e) { /* not onRequest */ return callOnRequest(e) }") == {"onTrack"}
    assert defined_handlers("async function onTrack(e) { return 'onRequest(' + e; } x.onRequest = 1;") == {"onTrack"}


@pytest.mark.parametrize("mention", [
    "// TODO onIdentify: later", "const m = 'onIdentify: unsupported'", "/* function onIdentify() {} */",
    "if (typeof onIdentify === 'function') {}", "const handlers = { onIdentify: 1 }", "f(onIdentify = 1)",
    "exports.onIdentify = async (e) => {}", "onIdentify === undefined", "const onIdentifyLater = 1",
    "class X { onIdentify(e) {} }"])
def test_a_mention_of_a_handler_is_not_a_definition(mention):
    # A probe: the start sample was chosen by a guess that took each of these for an onIdentify (the sandbox calls
    # none of them), so the handler opened on an identify event it would answer Unsupported Event Type.
    assert handled_types(defined_handlers(f"{mention}\nasync function onGroup(event) {{}}\n")) == ["group"]


@pytest.mark.parametrize("quoted", [
    "/* Usage:\nasync function onIdentify(event) {}\n*/", "const doc = `\nasync function onIdentify(event) {}\n`;",
    "const doc = `${1}\nfunction onIdentify() {}\n${`\nconst onIdentify = 1\n`}`",
    "const quote = /['`]/; const m = 'onIdentify = 1; function onIdentify() {}';",
    "const s = 'a\\\nfunction onIdentify() {}';", "x = a / b; y = `/*`;\n"])
def test_a_definition_inside_a_comment_or_a_template_at_a_line_start_is_not_one(quoted):
    # A probe: a multi-line comment or a template quoting a handler's code took its onIdentify for a definition.
    assert defined_handlers(f"{quoted}\nasync function onGroup(event) {{}}\n") == {"onGroup"}


@pytest.mark.parametrize("code", [
    'var r="10"/2;function onTrack(e){}', "i++/2;function onTrack(e){}", "x = {}/2 + `\n`\nasync function onTrack(e){}",
    "const r = total\n" + " " * 26 + "/ 2 + `a\n`\nasync function onTrack(e){}",
    "if (x) /`/.test(y)\nasync function onTrack(e){}\nconst t = `z`",
    "const t = `a${b}`/2 + `\n`\nasync function onTrack(e){}", "f(a) /* c */ / 2 + `\n`\nasync function onTrack(e){}",
    "return\n/`/.test(y)\nasync function onTrack(e){}\nconst t = `z`", "if (x) {}\n/`/.test(y)\nfunction onTrack(e){}`z`"])
def test_a_division_and_a_regular_expression_are_told_apart_by_what_precedes_them(code):
    # A review: the guess read the last 16 characters of code (strings blanked as spaces) and took a division after a
    # string, a template, a postfix `++`, an object literal or a long run of space for a regular expression (or the
    # reverse after `if (…)`), so a backtick read out of turn opened a template that swallowed onTrack.
    assert defined_handlers(code) == {"onTrack"}


def test_the_guess_reads_long_runs_of_space_in_a_time_that_grows_with_them_not_as_their_square():
    # A probe: `function` then 100,000 spaces held the UI loop 112 s at start, and 20,000 blank lines took the guess
    # at a source function 12 s; each of these takes well under a second now, and over a thousand as before.
    runs = ["'function' + ' ' * 100_000", "'function *' + ' ' * 100_000", "'\\n' * 200_000", "'; ' + ' ' * 200_000",
            "'onTrack' + ' ' * 200_000", "'export' + ' ' * 200_000 + 'x'", "'const onTrack' + ' ' * 200_000",
            # unclosed or deep comments, templates, regular expressions and strings
            "'/*' + '*' * 200_000", "'`${' * 100_000", "'(/[' + '\\\\]' * 100_000", "'\\'\\\\' * 100_000",
            "'`' + '$' * 200_000", "'a/' * 100_000", "'{' * 200_000",
            "'(' * 200_000", "'a++' * 100_000", "'if(' * 100_000 + ')' * 100_000"]
    code = f"from segtui.kinds import defined_handlers\nfor run in [{', '.join(runs)}]: defined_handlers(run + 'x')"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=120)


def test_an_unknown_kind_names_the_kinds_and_the_closest():
    with pytest.raises(SegtuiInputError, match=r'segtui.json "kind": unknown kind "inserts" \(did you mean "insert"\?\); '
                                               r"kinds: destination, insert, source"):
        resolve_kind(None, "inserts", defined_handlers(DESTINATION))


def test_handlers_that_contradict_the_kind_are_named():
    assert "must define onRequest" in kind_conflict("source", ["onTrack"])
    assert "only a source function has" in kind_conflict("insert", ["onRequest"])
    assert kind_conflict("insert", ["onTrack"]) is None
    assert kind_conflict("source", ["onRequest"]) is None
    # A probe: a public function defines onRequest and onTrack to run as either kind; given as a destination, its
    # onTrack runs (as Segment's destination runtime calls only the handler of the event's type).
    assert kind_conflict("destination", ["onRequest", "onTrack"]) is None


def test_segtui_json_kind_makes_a_handler_an_insert_function(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack(event) { }\n")
    (tmp_path / "segtui.json").write_text(json.dumps({"kind": "insert"}))
    done = segtui("run", str(tmp_path / "handler.js"), "--event", "track", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["kind"], result["outcome"]) == ("insert", "dropped")


def test_a_bad_kind_in_segtui_json_is_bad_input_without_a_traceback(tmp_path):
    (tmp_path / "handler.js").write_text(DESTINATION)
    (tmp_path / "segtui.json").write_text(json.dumps({"kind": "sink"}))
    done = segtui("run", str(tmp_path / "handler.js"), "--event", "track")
    assert done.returncode == 2
    assert 'unknown kind "sink"' in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("command", [["run", "--event", "track"], ["test", "track"], ["replay", "EVENTS"]])
def test_every_command_refuses_a_kind_the_handler_contradicts(tmp_path, command):
    handler = tmp_path / "handler.js"
    handler.write_text(SOURCE)
    events = tmp_path / "events.ndjson"
    events.write_text(json.dumps({"type": "track", "event": "x", "userId": "u"}) + "\n")
    args = [str(events) if arg == "EVENTS" else arg for arg in command]
    done = segtui(args[0], str(handler), *args[1:], "--kind", "insert")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "defines onRequest, which only a source function has" in done.stderr
    assert "Traceback" not in done.stderr


def test_kind_is_an_option_of_every_command():
    for command in ("run", "test", "replay"):
        assert "--kind {destination,insert,source}" in segtui(command, "--help").stdout


@pytest.mark.parametrize(("kind", "given", "outcome"), [("insert", ["--kind", "insert", "--event", "track"], "success"),
                                                        ("source", [], "success")])
def test_each_kind_has_a_template_that_runs(tmp_path, kind, given, outcome):
    from segtui.templates import handler_template

    handler = tmp_path / "handler.js"
    handler.write_text(handler_template(kind))
    done = segtui("run", str(handler), *given, "--json")
    result = json.loads(done.stdout)
    assert (result["kind"], result["outcome"]) == (kind, outcome), done.stdout + done.stderr


def test_a_missing_handler_is_offered_the_template_of_its_kind(tmp_path, monkeypatch):
    from segtui.commands import tui

    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "y")
    assert tui.offer_template(tmp_path / "source.js", "source")
    assert "async function onRequest(request, settings)" in (tmp_path / "source.js").read_text()
    (tmp_path / "segtui.json").write_text(json.dumps({"kind": "insert"}))
    assert tui.offer_template(tmp_path / "insert.js")
    assert "throw new DropEvent" in (tmp_path / "insert.js").read_text()
    assert tui.offer_template(tmp_path / "other" / "handler.js")
    assert "source function template (onRequest)?" in asked[0]
    assert "destination insert function template (all seven handlers)?" in asked[1]
    # A new user's trial: with no kind chosen, nothing said that --kind gives the other templates.
    assert ("destination function template (all seven handlers; for another kind, answer n and add --kind insert or "
            "--kind source)?") in asked[2]


def test_a_function_defining_onrequest_and_ontrack_runs_as_the_destination_it_is_given_as(tmp_path):
    (tmp_path / "handler.js").write_text("async function onRequest(request, settings) { Segment.track({event: 'x'}); }\n"
                                         "async function onTrack(event) { return 'tracked ' + event.event; }\n")
    done = segtui("run", str(tmp_path / "handler.js"), "--event", "track", "--kind", "destination", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["handler_name"], result["outcome"], result["return"]) == ("onTrack", "success", "tracked Order Completed")


def test_request_words_reword_the_word_event_only():
    assert request_words("Pick an event; Event JSON; every event's events") == \
        "Pick a request; Request JSON; every request's requests"
    kept = "DropEvent, EventNotSupported, under `--events`, events/one.json, eventual"
    assert request_words(kept) == kept
