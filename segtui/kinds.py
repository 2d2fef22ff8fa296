"""The kinds of Segment function segtui runs, in segtui's words and in Segment's (`resource_type`)."""

from typing import Literal

FunctionKind = Literal["destination", "insert", "source"]
"""A destination function, a destination insert function, or a source function."""

KINDS: tuple[FunctionKind, ...] = ("destination", "insert", "source")

RESOURCE_TYPES: dict[str, FunctionKind] = {
    "DESTINATION": "destination",
    "INSERT_DESTINATION": "insert",
    "SOURCE": "source",
}
"""Segment's `resource_type` (as its Terraform provider and Git sync write it) → segtui's kind."""
