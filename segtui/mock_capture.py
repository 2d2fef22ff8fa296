"""A mock rule captured from a recorded request, appended to a mock file so the next run is answered the same way.

No Textual import. The rule answers the request's method and URL with what came back (status, headers and
body, or the network failure); a request that got no answer (offline, say) gets a placeholder to edit. The
rule is masked before it is written (a mock file is shared and committed, so it never holds a secret), and
it is appended as text: the file's rules, comments and layout stay as they were, and the file is replaced
atomically, only once the new text reads back as the old rules plus this one.
"""

from __future__ import annotations

import codecs
import http
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segtui.cut_secrets import log_cut_at
from segtui.data_files import YAML_SUFFIXES, read_data_file, yaml_error
from segtui.errors import SegtuiInputError
from segtui.json_input import decode_json
from segtui.masking import HEADER_MASK, MASK, Masker
from segtui.mock_rules import DEFAULT_MOCK_FILENAME, MockRule, parse_rule, parse_rules
from segtui.records import RequestRecord
from segtui.user_files import check_not_device, write_bytes_atomic

_LEFT_OUT = frozenset(("content-length", "transfer-encoding", "connection", "keep-alive", "date", "content-encoding"))
"""Response headers a rule leaves out: a mock answer has its own length, and the recorded body is already decoded."""
_FAILURES = {"ECONNREFUSED": "refused", "ENOTFOUND": "dns", "EAI_AGAIN": "dns", "ECONNRESET": "reset"}
"""node-fetch error codes a rule's `fail:` reproduces."""
_EXPECTED = "mock rules: a list of rules, or {\"rules\": [...]}"
"""The mask in a header value: fetch accepts only Latin-1 there, and a mock answer's headers go through fetch."""


@dataclass
class CapturedRule:
    """A rule appended to a mock file: where, its 1-based number there, and its text as written."""

    path: Path
    number: int
    created: bool
    """Whether the file was created for it."""
    text: str


def mock_target(handler: Path, configured: str | None) -> Path:
    """The mock file a captured rule goes to: the one the run uses, else `segtui.mock.yaml` beside the handler."""
    return Path(configured) if configured else handler.parent / DEFAULT_MOCK_FILENAME


def rule_for(record: RequestRecord, masker: Masker) -> tuple[dict[str, Any], list[str]]:
    """A rule answering `record`'s request as it was answered, masked; and comment lines saying where it came from."""
    if record.source == "mock":
        raise SegtuiInputError(f"rule {record.mock_rule} of the mock file answers this request already; edit it there")
    method, url = masker.text(record.method), masker.text(record.url)
    rule: dict[str, Any] = {"method": method}
    cut_at = log_cut_at(url)  # a URL longer than a record keeps: the rule matches the start it kept
    url = url if cut_at is None else url[:cut_at]
    if MASK in url or cut_at is not None:  # the rule must match the real URL without holding the secret in it
        rule["regex"] = "^" + ".+".join(re.escape(part) for part in url.split(MASK)) + ("$" if cut_at is None else "")
    else:
        rule["url"] = url
    answered = {"live": "as answered live" if record.response is not None else "tried live", "offline": "refused offline",
                "replay": "as the cassette answered it"}
    kept = "" if cut_at is None else " (the start of a longer URL, as much as segtui records)"
    comments = [f"Added by segtui: {method} {url}{kept}, {answered.get(record.source, record.source)}"]
    response = record.response
    if response is None:
        # A request that got no answer is mocked to get one, which the user writes: a host that cannot be reached
        # locally is the common case. The comment says how to fail as it did instead.
        error = record.error
        fail = None
        if error is not None and record.source == "live":
            fail = "timeout" if error.type == "request-timeout" else _FAILURES.get(error.code or "")
        why = "segtui was offline" if record.source == "offline" else (
            f"it failed: {error.code or error.type}" if error is not None else "none came")
        comments.append(f"No response was recorded ({why}): edit this answer"
                        + (f", or write `fail: {fail}` in place of status and json to fail as it did." if fail else "."))
        rule["status"] = 200
        rule["json"] = {}
        return rule, comments
    rule["status"] = response.status
    if response.status_text and response.status_text != _phrase(response.status):
        rule["status_text"] = masker.text(response.status_text)
    headers = [(masker.text(name).replace(MASK, HEADER_MASK), masker.header(name, value).replace(MASK, HEADER_MASK))
               for name, value in response.headers if name.lower() not in _LEFT_OUT]
    if any(HEADER_MASK in value for _, value in headers):
        comments.append(f"Header values that held a secret read {HEADER_MASK}: fetch refuses {MASK} in a header.")
    if headers:
        unique = len({name.lower() for name, _ in headers}) == len(headers)
        rule["headers"] = dict(headers) if unique else [list(pair) for pair in headers]
    body = masker.body(response)
    if body.body_truncated:
        comments.append("The response body was cut when recorded (at 1 MB, or at the run's 32 MB of bodies): only its first part is here.")
    if not body.body:
        return rule, comments
    if body.body_encoding == "base64":
        rule["body_base64"] = body.body
        return rule, comments
    content_type = next((value for name, value in response.headers if name.lower() == "content-type"), "")
    try:
        rule["json"] = json.loads(body.body) if "json" in content_type.lower() else None
    except ValueError:
        rule["json"] = None
    if rule["json"] is None:
        del rule["json"]
        rule["body"] = body.body
    return rule, comments


def add_rule(path: Path, record: RequestRecord, masker: Masker) -> CapturedRule:
    """Append a rule answering `record`'s request to the mock file at `path` (created if missing).

    Refuses, with SegtuiInputError saying why, a file that is not valid mock rules now, one whose rules
    are written in YAML's flow style, or one that changed while the rule was added.
    """
    rule, comments = rule_for(record, masker)
    raw = _read(path)
    yaml_file = path.suffix.lower() in YAML_SUFFIXES
    text = "" if raw is None else raw.decode("utf-8-sig")
    existing = _existing_rules(path, text)
    if yaml_file:
        new_text, rule_text = _append_yaml(text, rule, comments, path)
    else:
        new_text, rule_text = _append_json(text, rule, isinstance(_parsed(path, text), dict))
    expected = parse_rule(rule, len(existing) + 1, str(path))
    try:
        after = parse_rules(_parsed(path, new_text), str(path))
    except SegtuiInputError:
        after = []
    if len(after) != len(existing) + 1 or after[-1] != expected or not after[-1].matches(record.method, record.url):
        raise SegtuiInputError(f"segtui could not append a rule to {path} and keep its other rules as they are; "
                               f"add it by hand:\n{rule_text}")
    if _read(path) != raw:
        raise SegtuiInputError(f"{path} changed while segtui was adding the rule; try again")
    bom = codecs.BOM_UTF8 if raw is not None and raw.startswith(codecs.BOM_UTF8) else b""
    try:
        content = bom + new_text.encode("utf-8")
    except UnicodeEncodeError:
        raise SegtuiInputError("the answer holds text that is not valid Unicode (a lone surrogate); "
                               "add the rule by hand") from None
    write_bytes_atomic(content, path, overwrite=raw is not None, mode=None if raw is not None else 0o666)
    return CapturedRule(path, len(after), raw is None, rule_text)


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no file yet; a named pipe or a device is refused unread (one would wait
    for ever for a writer, or never end)."""
    try:
        check_not_device(path, _EXPECTED, pipe=False)
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise SegtuiInputError(f"{path} is a folder; give a mock file with --mock") from None
    except OSError as error:
        raise SegtuiInputError(f"{path}: cannot read: {error.strerror}") from None


def _existing_rules(path: Path, text: str) -> list[MockRule]:
    """The rules the file holds now (none when it is missing or empty); an invalid file is refused."""
    if not text.strip():
        return []
    try:
        data = read_data_file(path, _EXPECTED)
        return [] if data is None else parse_rules(data, str(path))  # None: a YAML file of comments only
    except SegtuiInputError as error:
        raise SegtuiInputError(f"segtui adds rules only to a valid mock file; fix it first: {error}") from None


def _parsed(path: Path, text: str) -> Any:
    """The data in a mock file's text (checked for size by `read_data_file` first, for a file that exists)."""
    if path.suffix.lower() not in YAML_SUFFIXES:
        return decode_json(text, str(path), quote=False) if text.strip() else []
    import yaml  # deferred: only YAML mock files need it

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise yaml_error(path, text, error) from None


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _yaml_rule(rule: dict[str, Any], comments: list[str]) -> str:
    """The rule as a YAML list item, one key a line (small maps inline), after its comment lines."""
    import yaml  # deferred: only YAML mock files need it

    lines = [f"# {comment}" for comment in comments]
    for number, (key, value) in enumerate(rule.items()):
        inline = None if isinstance(value, (dict, list)) else False  # None: leaf maps and lists inline, {a: 1}
        dumped = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, default_flow_style=inline,
                                width=1 << 30).rstrip("\n").split("\n")
        lines += [("- " if number == 0 and index == 0 else "  ") + line if line else line
                  for index, line in enumerate(dumped)]
    return "\n".join(lines)


def _append_yaml(text: str, rule: dict[str, Any], comments: list[str], path: Path) -> tuple[str, str]:
    """The file's text with the rule appended at the indentation of its list of rules; and the rule's text."""
    import yaml  # deferred: only YAML mock files need it

    node = yaml.compose(text, Loader=yaml.SafeLoader) if text.strip() else None
    rules = node.value[0][1] if isinstance(node, yaml.MappingNode) and node.value else node
    if node is not None and not (isinstance(rules, yaml.SequenceNode) and not rules.flow_style):
        raise SegtuiInputError(f"{path} writes its rules in YAML's flow style ([...]); segtui appends only to "
                               "a block list (one \"- url: ...\" item after another): rewrite it so, or add the rule by hand")
    indent = " " * (rules.start_mark.column if isinstance(rules, yaml.SequenceNode) else 0)
    rule_text = _yaml_rule(rule, comments)
    newline = _newline(text)
    lines = [indent + line if line else line for line in rule_text.split("\n")]
    head = text if not text or text.endswith(("\n", "\r")) else text + newline
    return head + newline.join(lines) + newline, rule_text


def _append_json(text: str, rule: dict[str, Any], nested: bool) -> tuple[str, str]:
    """The file's text with the rule appended inside its list (`[...]` or `{"rules": [...]}`); and the rule's text."""
    rule_text = json.dumps(rule, ensure_ascii=False)
    if not text.strip():
        return f"[\n  {rule_text}\n]\n", rule_text
    newline = _newline(text)
    body = text.rstrip()
    if nested:  # {"rules": [...]}: "rules" is its only key, so its list closes just before the final brace
        body = body[:-1].rstrip()
    close = len(body) - 1
    before = text[:close].rstrip()
    separator = "" if before.endswith("[") else ","
    indent = "    " if nested else "  "
    return f"{before}{separator}{newline}{indent}{rule_text}{newline}{text[close:]}", rule_text
