"""A request whose URL, header or failure is millions of characters long: its record keeps the start of each, so segtui's
masking, output and TUI stay quick, and a secret cut there is masked still."""

from __future__ import annotations

import json
import socket

from support.cli import segtui

from segtui.masking import Masker
from segtui.records import MAX_RECORDED_TEXT, FetchFailure, RequestRecord

SECRET = "sk_live_Zq81mXvT4pLw"

LONG_REQUEST = """
async function onTrack(event, settings) {
  console.log('kept');
  await fetch('https://api.example.com/' + 'u'.repeat(3e6), { headers: { 'x-long': 'v'.repeat(3e6) } });
}
"""


def test_a_request_of_millions_of_characters_is_recorded_and_shown_by_its_start(tmp_path):
    # A probe: a 20-million-character URL took `segtui run` 45 s and 900 MB (masking and printing it whole, three times),
    # and the TUI's Requests tab never came back from laying it out.
    (tmp_path / "long.js").write_text(LONG_REQUEST)
    done = segtui("run", "long.js", "--event", "track", "--offline", "--json", cwd=tmp_path)
    assert (done.returncode, "Traceback" in done.stderr) == (1, False), done.stderr[-500:]
    result = json.loads(done.stdout)
    assert [entry["message"] for entry in result["logs"]] == ["kept"]
    [record] = result["requests"]
    texts = [record["url"], record["error"]["message"], *(value for name, value in record["headers"] if name == "x-long")]
    assert len(texts) == 3 and all(len(text) <= MAX_RECORDED_TEXT for text in texts)
    assert texts[0].startswith("https://api.example.com/uuu") and texts[0].endswith(" of 3000024 characters]")
    assert texts[2].startswith("vvv") and texts[2].endswith(" of 3000000 characters]")
    shown = segtui("run", "long.js", "--event", "track", "--offline", cwd=tmp_path)
    assert shown.returncode == 1 and len(shown.stdout) < 2_000_000 and "Traceback" not in shown.stderr


def split_secret(start: str) -> str:
    """A text of 3 × MAX_RECORDED_TEXT characters beginning with `start`, whose kept part ends 6 characters into SECRET."""
    total = 3 * MAX_RECORDED_TEXT
    room = MAX_RECORDED_TEXT - len(f" … [segtui kept the first {MAX_RECORDED_TEXT} of {total} characters]")
    head = start + "x" * (room - 6 - len(start)) + SECRET
    return head + "y" * (total - len(head))


def test_a_secret_cut_at_the_end_of_a_records_kept_text_is_masked():
    record = RequestRecord(url=split_secret("https://api.example.com/"), headers=[["x-key", split_secret("")]],
                           error=FetchFailure(split_secret("request to ")))
    assert record.error is not None
    kept = [record.url, record.headers[0][1], record.error.message]
    assert all(len(text) <= MAX_RECORDED_TEXT and SECRET[:6] in text and SECRET not in text for text in kept)
    masked = Masker([SECRET]).record(record)
    assert masked.error is not None
    assert all(SECRET[:4] not in text for text in (masked.url, masked.headers[0][1], masked.error.message))
    assert RequestRecord.from_json(record.to_json()) == record


HUGE_URL = """
async function onTrack(event, settings) {
  await fetch(settings.base + '/?q=' + 'a'.repeat(20 * 2 ** 20));
}
"""


def test_a_request_with_a_20_mb_url_is_sent_within_the_default_memory_limit(tmp_path):
    # A probe: fetching a 20 MB URL that fails ran the sandbox past the default 256 MB (a MemoryError) where Node tries
    # it and fails with its FetchError: the URL crossed the host channel twice (an unused copy beside the request
    # line's), and the reply, whose error names the URL, was made UTF-16 whole.
    with socket.socket() as closed:  # a port nothing listens on: the request is refused
        closed.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{closed.getsockname()[1]}"
    (tmp_path / "huge.js").write_text(HUGE_URL)
    # The memory limit is what this checks: a time limit that leaves a loaded machine room to copy 20 MB a few times.
    done = segtui("run", "huge.js", "--event", "track", "--json", "--setting", f"base={base}", "--timeout", "60",
                  cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr[-500:]
    result = json.loads(done.stdout)
    assert (result["outcome"], result["error"]["name"]) == ("bad_request", "FetchError"), result["error"]["message"][:300]
    assert result["error"]["message"].startswith(f"request to {base}/?q=aaa")
    assert result["error"]["message"].endswith("characters]")
