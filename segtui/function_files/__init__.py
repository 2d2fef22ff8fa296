"""Functions kept in files other than a handler's `.js`: Segment's Git sync writes each as a Terraform `.tf` file."""

from pathlib import Path

TERRAFORM_SUFFIX = ".tf"


def is_terraform(path: Path | str) -> bool:
    """Whether a handler path names a Terraform file (a `segment_function` resource) rather than JavaScript."""
    return Path(path).suffix.lower() == TERRAFORM_SUFFIX
