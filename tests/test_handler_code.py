"""Saving a `.js` handler writes back its code as the file held it: its byte order mark and line breaks kept."""

from pathlib import Path

from segtui.function_files.handler_code import read_code, save_code


def test_a_byte_order_mark_and_crlf_line_breaks_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "handler.js"
    path.write_bytes(b"\xef\xbb\xbfasync function onTrack() {\r\n  return 1;\r\n}\r\n")
    code = read_code(path)
    assert code.startswith("async function")
    save_code(path, code.replace("return 1", "return 2"))
    assert path.read_bytes() == b"\xef\xbb\xbfasync function onTrack() {\r\n  return 2;\r\n}\r\n"


def test_a_file_without_a_byte_order_mark_is_saved_without_one(tmp_path: Path) -> None:
    path = tmp_path / "handler.js"
    path.write_bytes(b"async function onTrack() {}\n")
    save_code(path, "async function onTrack() { return 3 }\n")
    assert path.read_bytes() == b"async function onTrack() { return 3 }\n"
