"""Segment Git-sync `.tf` functions: read, written back byte for byte but for the code (or settings), checked by
parsing the result again with python-hcl2 itself."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import hcl2
import pytest
from hcl2.utils import SerializationOptions
from support.cli import segtui

from segtui.errors import SegtuiInputError
from segtui.function_files.handler_code import folder_error, list_functions, read_code, save_code
from segtui.function_files.hcl_strings import HclStringError, decode_quoted, encode_quoted
from segtui.function_files.terraform import read_function, write_code, write_settings
from segtui.settings import SettingSpec, load_schema
from segtui.settings_builder import BuilderRow, save_builder

FIXTURE = Path(__file__).parent / "fixtures" / "git_sync"
EXAMPLE = Path(__file__).parents[1] / "examples" / "git-sync" / "functions"
QUOTED = "dfn_6a1f0e2d3c4b5a6978877665.tf"
TRIMMED_HEREDOC = "ifnd_6a1f0e2d3c4b5a6978877666.tf"
HEREDOC = "sfnc_Tq8LmW3xYz.tf"

EDITS = [
    "plain text\n",
    "no final line break",
    'quotes " and \\" and a backslash \\ at the end \\',
    "template ${settings.x} and `${a}${b}` and a lone $ { and $$ and $${already} and $$${three}",
    "directive %{if x} %{ endif } and 100% {and} %%{twice}",
    "control characters \t tab \r return \n newline \x00 nul \x01 \x1b[31m \x7f del \x85 nel",
    "unicode: café, 😀 (astral), \u2028 and \u2029 separators, \u200b zero width, \ufeff bom",
    "\\n is a backslash and an n, \\u0041 is not an A, \\${ is a backslash then ${ }",
    "",
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the Git-sync-shaped fixture: functions/*.tf with import blocks, and another resource's file."""
    shutil.copytree(FIXTURE, tmp_path / "repo")
    return tmp_path / "repo"


def hcl2_code(path: Path) -> str:
    """The code python-hcl2 reads from a file, as Terraform takes it: escaped `${` and `%{` unescaped.

    python-hcl2 8.1 keeps `$${` and `%%{` in a value, drops a heredoc's final line break, and escapes the
    backslashes and quotes of a `<<-` heredoc; those are undone here.
    """
    options = SerializationOptions(strip_string_quotes=True, preserve_heredocs=False)
    document = hcl2.loads(path.read_text(encoding="utf-8"), serialization_options=options)
    (block,) = [body for resource in document["resource"] for body in resource["segment_function"].values()]
    raw = path.read_text(encoding="utf-8")
    value = block["code"]
    if "code = <<-" in raw:
        value = re.sub(r"\\(.)", r"\1", value, flags=re.DOTALL)
    if "code = <<" in raw:
        value += "\n"
    return value.replace("$${", "${").replace("%%{", "%{")


def outside_code(path: Path) -> tuple[str, str]:
    """The file's text before and after its code attribute's value."""
    text = path.read_text(encoding="utf-8")
    function = read_function(path)
    return text[: function.code_span.start], text[function.code_span.end :]


@pytest.mark.parametrize("path", [*sorted((FIXTURE / "functions").glob("*.tf")), *sorted(EXAMPLE.glob("*.tf"))],
                         ids=lambda path: path.name)
def test_saving_unchanged_code_and_settings_leaves_every_byte(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    before = copy.read_bytes()
    function = read_function(copy)
    assert function.code == hcl2_code(copy)
    assert save_code(copy, read_code(copy)) == function.code
    write_settings(copy, list(function.schema.specs)) if function.schema.declared else None
    assert copy.read_bytes() == before


@pytest.mark.parametrize("name", [QUOTED, TRIMMED_HEREDOC, HEREDOC])
@pytest.mark.parametrize("edit", EDITS, ids=range(len(EDITS)))
def test_an_edit_reads_back_the_same_with_hcl2_and_changes_only_the_code(repo: Path, name: str, edit: str) -> None:
    path = repo / "functions" / name
    before, after = outside_code(path)
    heredoc = read_function(path).code_form is not None
    if heredoc and "\r" in edit:
        pytest.skip("a lone carriage return in a heredoc: python-hcl2 takes it for part of a line break")
    written = save_code(path, edit)
    assert written == (edit + "\n" if heredoc and not edit.endswith("\n") else edit)
    assert hcl2_code(path) == written
    assert read_code(path) == written
    assert outside_code(path) == (before, after)
    text = path.read_text(encoding="utf-8")
    assert (f"code = <<{'-' if name == TRIMMED_HEREDOC else ''}EOT\n" in text) == heredoc


def test_a_heredoc_stays_one_and_is_written_as_it_was(repo: Path) -> None:
    path = repo / "functions" / TRIMMED_HEREDOC
    save_code(path, "async function onTrack(event) {\n\treturn `${event.event}`;\n}\n")
    text = path.read_text(encoding="utf-8")
    assert "  code = <<-EOT\nasync function onTrack(event) {\n\treturn `$${event.event}`;\n}\nEOT\n  description" in text


def test_code_holding_its_heredoc_marker_gets_another_marker(repo: Path) -> None:
    path = repo / "functions" / HEREDOC
    save_code(path, "const a = 1;\nEOT\n")
    assert "code = <<EOT2\nconst a = 1;\nEOT\nEOT2\n" in path.read_text(encoding="utf-8")
    assert hcl2_code(path) == read_code(path) == "const a = 1;\nEOT\n"


def test_an_indented_heredoc_keeps_its_indent_and_code_indented_itself_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "f.tf"
    path.write_text('resource "segment_function" "f" {\n  code = <<-EOT\n    one\n      two\n    EOT\n'
                    '  resource_type = "DESTINATION"\n}\n', encoding="utf-8")
    assert read_code(path) == "one\n  two\n"
    save_code(path, "three\n  four\n")
    assert "  code = <<-EOT\n    three\n      four\n    EOT\n" in path.read_text(encoding="utf-8")
    save_code(path, "  indented\n  all\n")  # <<- would strip what the code shares: a plain heredoc keeps it
    assert read_code(path) == hcl2_code(path) == "  indented\n  all\n"


def test_quoted_strings_are_written_as_terraform_writes_them() -> None:
    assert encode_quoted('a "b" \\ ${c} %{d}\n\t\r\x01\x7f é') == '"a \\"b\\" \\\\ $${c} %%{d}\\n\\t\\r\\u0001\\u007f é"'
    assert decode_quoted('"\\ud83d\\ude00 \\U0001F600 \\u00e9"') == "😀 😀 é"
    for bad in ('"${var.x}"', '"%{ if x }y%{ endif }"', '"\\q"', '"\\u12"'):
        with pytest.raises(HclStringError):
            decode_quoted(bad)


def test_a_byte_order_mark_and_crlf_line_breaks_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "f.tf"
    path.write_bytes(b'\xef\xbb\xbfresource "segment_function" "f" {\r\n  code = "a"\r\n'
                     b'  resource_type = "DESTINATION"\r\n}\r\n')
    save_code(path, "b\n")
    assert path.read_bytes() == (b'\xef\xbb\xbfresource "segment_function" "f" {\r\n  code = "b\\n"\r\n'
                                 b'  resource_type = "DESTINATION"\r\n}\r\n')


def test_settings_are_read_in_segtuis_words(repo: Path) -> None:
    schema = load_schema(repo / "functions" / QUOTED)
    assert schema.declared
    assert [(spec.name, spec.type, spec.required, spec.sensitive) for spec in schema.specs] == [
        ("region", "string", True, False), ("apiKey", "string", False, True), ("tags", "array", False, False),
        ("headers", "map", False, False)]
    assert schema.specs[0].description == "Where the account lives" and schema.specs[2].description == ""
    assert load_schema(repo / "functions" / TRIMMED_HEREDOC).specs == ()
    assert not load_schema(repo / "functions" / HEREDOC).declared  # no settings list: Segment's implicit apiKey


def test_builder_edits_write_the_settings_list_as_git_sync_does(repo: Path) -> None:
    path = repo / "functions" / QUOTED
    before = path.read_text(encoding="utf-8")
    code_before = read_code(path)
    specs = list(read_function(path).schema.specs)
    specs[0] = SettingSpec(label="Region", name="region", description='Where "it" lives', required=False)
    specs.append(SettingSpec(label="Enabled", name="enabled", type="boolean", sensitive=False))
    del specs[2]
    save_builder(path, [BuilderRow(spec, "declared", None) for spec in specs], repo / "values.json")
    text = path.read_text(encoding="utf-8")
    start = before.index("  settings = [")
    assert text[:start] == before[:start] and text.endswith("  ]\n}\n")
    assert text[start:] == """  settings = [
    {
      description = "Where \\"it\\" lives"
      label       = "Region"
      name        = "region"
      required    = false
      sensitive   = false
      type        = "STRING"
    },
    {
      description = "Sent as a bearer token"
      label       = "API Key"
      name        = "apiKey"
      required    = false
      sensitive   = true
      type        = "STRING"
    },
    {
      description = null
      label       = "Headers"
      name        = "headers"
      required    = false
      sensitive   = false
      type        = "TEXT_MAP"
    },
    {
      description = null
      label       = "Enabled"
      name        = "enabled"
      required    = false
      sensitive   = false
      type        = "BOOLEAN"
    },
  ]
}
"""
    assert load_schema(path).specs == tuple(specs)
    assert read_code(path) == code_before
    parsed = hcl2.loads(text, serialization_options=SerializationOptions(strip_string_quotes=True))
    settings = parsed["resource"][0]["segment_function"]["id-dfn_6a1f0e2d3c4b5a6978877665"]["settings"]
    assert [item["name"] for item in settings] == ["region", "apiKey", "headers", "enabled"]


def test_a_block_without_settings_gets_a_list_before_its_closing_brace(repo: Path) -> None:
    path = repo / "functions" / HEREDOC
    before = path.read_text(encoding="utf-8")
    write_settings(path, [SettingSpec(label="Token", name="token", sensitive=True)])
    text = path.read_text(encoding="utf-8")
    assert text == before.replace('  resource_type = "SOURCE"\n}', '  resource_type = "SOURCE"\n  settings = [\n'
                                  '    {\n      description = null\n      label       = "Token"\n'
                                  '      name        = "token"\n      required    = false\n'
                                  '      sensitive   = true\n      type        = "STRING"\n    },\n  ]\n}')
    write_settings(path, [])
    assert 'settings = []\n}' in path.read_text(encoding="utf-8")


def test_a_folder_lists_its_functions_and_skips_other_resources(repo: Path) -> None:
    listing = list_functions(repo)
    assert [(info.path.name, info.kind, info.title, info.id) for info in listing.functions] == [
        (QUOTED, "destination", "Escapes Everywhere", "dfn_6a1f0e2d3c4b5a6978877665"),
        (TRIMMED_HEREDOC, "insert", "Marker", "ifnd_6a1f0e2d3c4b5a6978877666"),
        (HEREDOC, "source", "sfnc_Tq8LmW3xYz", "sfnc_Tq8LmW3xYz")]
    assert listing.problems == []
    (repo / "functions" / "broken.tf").write_text('resource "segment_function" "x" {\n  code = \n}\n')
    (repo / ".terraform").mkdir()
    shutil.copyfile(repo / "functions" / QUOTED, repo / ".terraform" / "cached.tf")
    listing = list_functions(repo)
    assert len(listing.functions) == 3 and len(listing.problems) == 1 and "broken.tf:2" in listing.problems[0]
    message = str(folder_error(repo / "functions"))
    assert "folder of 3 functions" in message and "insert       Marker (ifnd_6a1f0e2d3c4b5a6978877666)" in message


def test_a_folder_lists_its_js_handlers_first_and_looks_into_no_hidden_or_node_modules_folder(repo: Path) -> None:
    (repo / "handler.js").write_text("async function onTrack() {}\n")
    for hidden in (".git", "node_modules"):
        (repo / hidden).mkdir()
        shutil.copyfile(repo / "functions" / QUOTED, repo / hidden / "copy.tf")
    listing = list_functions(repo)
    assert [(info.path.name, info.kind, info.id) for info in listing.functions][:2] == [
        ("handler.js", "destination", "handler"), (QUOTED, "destination", "dfn_6a1f0e2d3c4b5a6978877665")]
    assert len(listing.functions) == 4


def test_a_folder_leaves_out_js_files_that_name_no_handler_when_some_do(tmp_path: Path) -> None:
    # A probe of a public functions repository found its jest.config.js offered as a destination function.
    (tmp_path / "jest.config.js").write_text("module.exports = { testEnvironment: 'node' };\n")
    assert [info.path.name for info in list_functions(tmp_path).functions] == ["jest.config.js"]
    (tmp_path / "transform.js").write_text("onTrack = async (event) => event;\n")
    assert [info.path.name for info in list_functions(tmp_path).functions] == ["transform.js"]


def test_a_folder_of_function_folders_lists_the_handler_in_each(tmp_path: Path) -> None:
    # A new user's trial: `segtui examples` offered only the three Git-sync .tf functions, never the four examples'
    # handler.js files one folder down, as Segment's functions library and the bundled examples keep a function each.
    for name in ("webhook", "crm-sync"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "handler.js").write_text("async function onTrack(event) { return 1; }\n")
        (tmp_path / name / "jest.config.js").write_text("module.exports = {};\n")
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "index.js").write_text("exports.onTrack = 1;\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "hook.js").write_text("onTrack\n")
    (tmp_path / "crm-sync" / "segtui.json").write_text('{"kind": "insert"}')
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / "handler.js").write_text("async function onRequest(request) {}\n")
    listing = list_functions(tmp_path)  # each of the kind opening it gives, not all "destination"
    assert [(info.path.relative_to(tmp_path).as_posix(), info.kind) for info in listing.functions] == [
        ("crm-sync/handler.js", "insert"), ("orders/handler.js", "source"), ("webhook/handler.js", "destination")]
    assert [info.title for info in listing.functions] == ["crm-sync/handler.js", "orders/handler.js", "webhook/handler.js"]
    message = str(folder_error(tmp_path))
    assert "folder of 3 functions" in message and "webhook/handler.js" in message
    (tmp_path / "handler.js").write_text("async function onTrack(event) { return 1; }\n")  # one of its own: just that
    assert [info.path.name for info in list_functions(tmp_path).functions] == ["handler.js"]
    assert list_functions(tmp_path).functions[0].path.parent == tmp_path


def test_a_folder_of_one_function_folder_opens_it_in_every_command(tmp_path: Path) -> None:
    (tmp_path / "webhook").mkdir()
    (tmp_path / "webhook" / "handler.js").write_text("async function onTrack(event) { return 'ran'; }\n")
    done = segtui("run", str(tmp_path), "--event", "track", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["return"] == "ran"


@pytest.mark.parametrize(("text", "message"), [
    ('resource "segment_destination" "d" {\n  enabled = true\n}\n', "this file holds none"),
    (('resource "segment_function" "a" {\n  code = "x"\n  resource_type = "DESTINATION"\n}\n'
     'resource "segment_function" "b" {\n  code = "y"\n  resource_type = "SOURCE"\n}\n'), "this file holds 2 (a, b)"),
    ('resource "segment_function" "a" {\n  code = "x"\n', "f.tf:3:1: not valid HCL"),
    ('resource "segment_function" "a" {\n  resource_type = "DESTINATION"\n}\n', "the segment_function resource has no code"),
    ('resource "segment_function" "a" {\n  code = file("${path.module}/f.js")\n  resource_type = "DESTINATION"\n}\n',
     "open that .js file instead"),
    ('resource "segment_function" "a" {\n  code = "a\\nb ${var.x}"\n  resource_type = "DESTINATION"\n}\n',
     "line 2 of the code holds an interpolation"),
    ('resource "segment_function" "a" {\n  code = "x"\n  resource_type = "WAREHOUSE"\n}\n',
     "resource_type is WAREHOUSE; segtui knows DESTINATION, INSERT_DESTINATION, SOURCE"),
    (('resource "segment_function" "a" {\n  code = "x"\n  resource_type = "SOURCE"\n  settings = [{ label = "A", '
     'type = "NUMBER" }]\n}\n'), 'unknown type "NUMBER"'),
    ('resource "segment_function" "a\\q" {\n  code = "x"\n  resource_type = "SOURCE"\n}\n', "f.tf: unknown escape"),
    ('resource "segment_function" "a" {\n  code = "x"\n  resource_type = "SOURCE"\n  settings = var.s\n}\n',
     "settings must be a list of plain values"),
])
def test_a_file_segtui_cannot_take_says_why(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "f.tf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SegtuiInputError) as raised:
        read_function(path)
    assert message in str(raised.value)


def test_code_the_parser_could_not_read_back_is_not_saved(repo: Path) -> None:
    path = repo / "functions" / QUOTED
    before = path.read_bytes()
    with pytest.raises(SegtuiInputError, match="not saved: with this code the file would not read back"):
        save_code(path, "const opening = '${';")  # python-hcl2 8.1 lexes `$${` only when a `}` follows it
    assert path.read_bytes() == before


def test_a_write_reads_the_file_again_so_outside_edits_are_kept(repo: Path) -> None:
    path = repo / "functions" / QUOTED
    text = path.read_text(encoding="utf-8").replace('display_name  = "Escapes Everywhere"', 'display_name  = "Renamed"')
    path.write_text(text, encoding="utf-8")
    write_code(path, "new code\n")
    assert read_function(path).title == "Renamed" and read_code(path) == "new code\n"


def test_settings_nested_thousands_of_levels_deep_are_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "deep.tf"
    path.write_text('resource "segment_function" "x" {\n  code = "async function onTrack() { return 1 }"\n'
                    f'  resource_type = "DESTINATION"\n  settings = {"[" * 2000}{"]" * 2000}\n}}\n')
    with pytest.raises(SegtuiInputError, match="nested too deeply"):
        read_function(path)


@pytest.mark.parametrize("levels", [200_000])
def test_an_attribute_nested_hundreds_of_thousands_deep_is_refused_before_parsing(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "deep.tf"
    path.write_text('resource "segment_function" "x" {\n  code = "async function onTrack() { return 1 }"\n'
                    f'  resource_type = "DESTINATION"\n  unused = {"[" * levels}{"]" * levels}\n}}\n')
    with pytest.raises(SegtuiInputError, match="nested too deeply"):  # parsing it took a minute
        read_function(path)


def test_code_that_is_an_expression_and_not_a_string_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "expr.tf"
    path.write_text('resource "segment_function" "x" {\n  code = "a" + "b"\n  resource_type = "DESTINATION"\n}\n')
    with pytest.raises(SegtuiInputError, match=r'code = "a" \+ "b" is not a string'):  # was read as the code a" + "b
        read_function(path)


def test_an_attribute_set_twice_is_refused_as_terraform_refuses_it(tmp_path: Path) -> None:
    path = tmp_path / "twice.tf"
    path.write_text('resource "segment_function" "x" {\n  code = "async function onTrack() { return 1 }"\n'
                    '  code = "async function onTrack() { return 2 }"\n  resource_type = "DESTINATION"\n}\n')
    with pytest.raises(SegtuiInputError, match="code is set twice in the resource block"):
        read_function(path)


def test_brackets_in_heredoc_code_are_no_nesting(tmp_path: Path) -> None:
    path = tmp_path / "brackets.tf"
    code = "async function onTrack() { const open = '" + "[" * 2500 + "'; return open.length; }"
    path.write_text('resource "segment_function" "x" {\n'
                    f"  code = <<-EOT\n    {code}\n  EOT\n"
                    '  resource_type = "DESTINATION"\n}\n', encoding="utf-8")
    assert read_function(path).code.strip() == code  # refused as nested too deeply when the check counted them


def test_a_quote_in_a_comment_does_not_hide_deep_nesting_from_the_check(tmp_path: Path) -> None:
    path = tmp_path / "comment.tf"
    path.write_text('# a comment that says "don\'t\nresource "segment_function" "x" {\n'
                    '  code = "async function onTrack() { return 1 }"\n  resource_type = "DESTINATION"\n'
                    f'  unused = {"[" * 3000}{"]" * 3000}\n}}\n', encoding="utf-8")
    with pytest.raises(SegtuiInputError, match="nested too deeply"):
        read_function(path)
