"""Checking a network mode before any run, so that a bad mock file or cassette is bad input, not a FetchError."""

from __future__ import annotations

from pathlib import Path

from segtui.cassette import existing_interactions, read_cassette
from segtui.mock_rules import MockFile, parsed
from segtui.protocol import NetworkOptions
from segtui.user_files import check_output_path


def check_network(options: NetworkOptions) -> NetworkOptions:
    """Read the files the options name, raising SegtuiInputError for a bad one; return the options."""
    if options.mock:
        MockFile(options.mock).refresh()
        options.mock_parsed = parsed(options.mock)
    if options.replay:
        read_cassette(Path(options.replay))
    if options.record:
        check_output_path(Path(options.record), "cassette")
        existing_interactions(Path(options.record))
    return options
