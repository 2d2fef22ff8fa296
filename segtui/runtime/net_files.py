"""Reading the network mode's files (mock rules, cassettes) as JSON or YAML, with errors that say where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from segtui.errors import SegtuiInputError
from segtui.events import read_text_file
from segtui.json_input import decode_json

YAML_SUFFIXES = (".yaml", ".yml")


def read_data_file(path: Path, expected: str) -> Any:
    """Parse a `.yaml`/`.yml` file as YAML and anything else as JSON; `expected` describes the content."""
    path = Path(path)
    text = read_text_file(path, expected)
    if path.suffix.lower() not in YAML_SUFFIXES:
        return decode_json(text, str(path))
    import yaml  # deferred: only YAML files need it

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise SegtuiInputError(f"{where}: invalid YAML: {problem}") from None
