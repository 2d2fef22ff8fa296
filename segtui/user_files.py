"""The user's files, read and written with care: clear errors, no half-written file, nothing special taken for one."""

from __future__ import annotations

import codecs
import contextlib
import glob
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from segtui.errors import SegtuiInputError

_NOT_FILES = tuple(Path(root) for root in ("/proc", "/sys", "/dev"))


def user_path(text: str | os.PathLike[str]) -> Path:
    """A path the user gave, a leading `~` made their home folder when there is one (with no HOME and no entry in the
    password database, as for an arbitrary container user, it stays as written, as a shell leaves it)."""
    return Path(os.path.expanduser(text))


def quotable(path: Path) -> bool:
    """Whether an error may quote this file's content: a regular file that is what it says, never a link
    (to /proc/self/environ, say) nor a file of /proc, /sys or /dev, whose content ends up in CI logs."""
    try:
        path = Path(path)
        resolved = real_path(path)
        return (not path.is_symlink() and path.is_file() and path.stat().st_size > 0
                and not any(resolved.is_relative_to(root) for root in _NOT_FILES))
    except OSError:
        return False


def real_path(path: str | os.PathLike[str]) -> Path:
    """The absolute path with its links followed, as Path.resolve() gives it, but a link in a loop left as it stands
    where Python 3.11's resolve() raises RuntimeError."""
    return Path(os.path.realpath(path))


def link_note(path: Path) -> str:
    """Why a path that does not exist may look as if it did: it is a symbolic link to nothing."""
    return " (it is a symbolic link whose target is missing, or links that lead in a loop)" if Path(path).is_symlink() else ""


def check_not_device(path: Path, expected: str, *, pipe: bool = True) -> None:
    """Refuse a device or a socket as an input file: one such as /dev/zero never ends. A pipe, as `<(…)` gives,
    ends when its writer does, so it is taken when `pipe`: a file the user named; one segtui found itself (a
    golden) has no writer, and reading it would wait forever."""
    with contextlib.suppress(OSError):
        mode = path.stat().st_mode
        if stat.S_ISFIFO(mode) and not pipe:
            raise SegtuiInputError(f"{path} is a named pipe, not a file; expected a file holding {expected}")
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            raise SegtuiInputError(f"{path} is a device or a socket, not a file; expected a file holding {expected}")


def file_size(path: Path) -> int:
    """A regular file's size (0 for a pipe, whose reading tells, or a path that reading reports as missing)."""
    try:
        info = path.stat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def read_text_file(path: Path, expected: str, *, pipe: bool = True, line_ends: bool = False) -> str:
    """Read a UTF-8 file (a BOM is fine), with clear messages for the usual failures.

    `expected` describes what the file should hold, for the message about a directory; `pipe` takes a named pipe
    (check_not_device); `line_ends` keeps `\r\n` and `\r` as written (else each is `\n`).
    """
    if not path.exists():
        raise SegtuiInputError(f"{path}: no such file{link_note(path)}")
    if path.is_dir():
        raise SegtuiInputError(f"{path} is a directory; expected a file holding {expected}")
    check_not_device(path, expected, pipe=pipe)
    try:
        with open(path, encoding="utf-8-sig", newline="" if line_ends else None) as file:
            return file.read()
    except UnicodeDecodeError as error:
        if error.start == 0 and error.object[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            raise SegtuiInputError(f"{path}: UTF-16 text (it starts with a UTF-16 byte order mark, as Windows "
                                   "PowerShell's `>` writes); save it as UTF-8") from None
        raise SegtuiInputError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise SegtuiInputError(f"{path}: cannot read: {error.strerror}") from None


def names_standard_stream(path: Path) -> str | None:
    """"standard output" or "standard error" when `path` is `-` or names the file segtui's own stream is (/dev/stdout,
    /proc/self/fd/2, or the file the shell redirected it to); None for any other path."""
    if str(path) == "-":
        return "standard output"
    for fd, name in ((1, "standard output"), (2, "standard error")):
        with contextlib.suppress(OSError):
            if os.path.samestat(os.stat(path), os.fstat(fd)):
                return name
    return None


def check_output_path(path: Path, what: str) -> None:
    """Refuse, before any work is done, an output file that could not be written: a folder, segtui's own standard
    output or error, or a file under no writable folder."""
    path = Path(path)
    stream = names_standard_stream(path)
    if stream:
        # Written as a new file renamed over the old one, the output would replace what the shell redirected
        # segtui's own output to (or fail on a terminal or a pipe).
        raise SegtuiInputError(f"{path}: is segtui's {stream}; give a file name for the {what}")
    if path.is_dir():
        raise SegtuiInputError(f"{path}: is a folder; give a file name for the {what}")
    if path.exists() and not path.is_file():
        # segtui writes a new file and renames it over the old one: a device or a pipe would be replaced, not written to.
        raise SegtuiInputError(f"{path}: is not a regular file (a device, a pipe or a socket); give a file name for the {what}")
    folder = path.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise SegtuiInputError(f"{path}: cannot write the {what} there ({folder} is not a writable folder)")


def write_bytes_atomic(content: bytes, path: Path, *, overwrite: bool, mode: int | None = 0o666,
                       follow_symlinks: bool = True) -> Path:
    """Write a file through a temporary file and os.replace, so readers never see half a file.

    A symlink is written through (its target is replaced and the link stays) unless `follow_symlinks`
    is false: then the link itself is replaced by the file, and what it pointed to is never touched.
    Refuses to replace an existing file unless `overwrite`; `mode` is a new file's permission bits
    before the umask (settings pass 0o600 as they may hold secrets), and None keeps an existing file's
    bits as they are. Whatever stops the write, the temporary file is removed, and ones that a killed
    segtui left beside the target are removed first; an OSError becomes SegtuiInputError.
    """
    path = Path(path)
    target = Path(os.path.realpath(path)) if follow_symlinks else Path(os.path.abspath(path))
    # os.urandom, as secrets.token_hex(4) makes it: importing secrets imports random and hmac (~3 ms at each start).
    temporary = target.with_name(f".{_temporary_stem(target.name)}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    created = False
    try:
        if not overwrite and (target.exists() or target.is_symlink()):
            raise SegtuiInputError(f"{path} already exists; not overwriting it")
        if target.exists() and not target.is_file() and not target.is_dir():
            raise SegtuiInputError(f"{path}: is not a regular file (a device, a pipe or a socket); not replacing it")
        kept = None
        if mode is None:
            with contextlib.suppress(FileNotFoundError):
                kept = target.stat().st_mode & 0o7777
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(target)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode)
        created = True
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if kept is not None:
            os.chmod(temporary, kept)
        os.replace(temporary, target)
    except BaseException as error:
        if created:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise SegtuiInputError(f"cannot write {path}: {error.strerror}") from None
        raise
    return path


_NAME_MAX = 255
"""The longest file name, in bytes, on Linux's file systems (ext4, XFS, Btrfs, tmpfs) and macOS's."""
_TEMPORARY_EXTRA = len(".." + str(2**32) + "." + "0" * 8 + ".tmp")
"""What a temporary name adds to the target's: its dots, the largest pid, the random part and `.tmp`."""


def _temporary_stem(name: str) -> str:
    """The part of a temporary file's name taken from the target's `name`: all of it, or its start when the
    temporary name would pass the longest a file name may be. A legal name of 234-255 bytes (80 Japanese characters
    are 240) could not be written: its temporary name was 22 bytes longer, and every golden, cassette, HAR or handler
    save of that name failed with "File name too long"."""
    stem = name
    while len(os.fsencode(stem)) > _NAME_MAX - _TEMPORARY_EXTRA:
        stem = stem[:-1]
    return stem


def _remove_stale_temporaries(target: Path) -> None:
    """Remove temporary files of `target` whose writing process is gone (a killed `--record`, say)."""
    stem = _temporary_stem(target.name)
    # Only names made exactly as write_bytes_atomic makes them: `.a.json.*.tmp` also finds the live temporary file of
    # another target, `a.json.b.json`, whose "pid" was then `b` and was removed while its writer wrote.
    made = re.compile(rf"\.{re.escape(stem)}\.(\d+)\.[0-9a-f]{{8}}\.tmp")
    for leftover in target.parent.glob(f".{glob.escape(stem)}.*.tmp"):
        found = made.fullmatch(leftover.name)
        if found is None or _alive(int(found.group(1))):
            continue
        with contextlib.suppress(OSError):
            leftover.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_json_atomic(data: Any, path: Path, *, overwrite: bool, mode: int | None = 0o666,
                      follow_symlinks: bool = True) -> Path:
    """Write pretty JSON (`json_bytes`) with `write_bytes_atomic` (same `overwrite`, `mode` and `follow_symlinks`)."""
    return write_bytes_atomic(json_bytes(data, indent=2) + b"\n", path, overwrite=overwrite, mode=mode,
                              follow_symlinks=follow_symlinks)


def json_bytes(data: Any, indent: int | None = None) -> bytes:
    """JSON as readable UTF-8, unless it holds a lone surrogate, which only a \\u escape can carry: then as ASCII."""
    try:
        return json.dumps(data, indent=indent, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, indent=indent).encode("ascii")


def committed_by_git(path: Path) -> bool:
    """Whether `path` lies in a Git work tree that does not ignore it, so that `git add .` would commit it (False
    without Git, outside a work tree, or when Git cannot tell)."""
    import subprocess  # deferred: only saving the Settings Builder's values asks

    path = Path(path).resolve()
    try:
        done = subprocess.run(["git", "-C", str(path.parent), "check-ignore", "-q", "--", path.name],
                              capture_output=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 1  # 0: ignored; 128: no work tree, or an error


def skipped_folder(name: str) -> bool:
    """Whether a folder is not looked into for a user's files (events, .tf files): hidden (.git, .terraform) or
    node_modules."""
    return name.startswith(".") or name == "node_modules"
