"""Bodies compressed with gzip or deflate: inflated within a bound, and packed again in the same format, so that a
Masker masks a secret inside a compressed request or response body (`zlib.gzipSync(JSON.stringify({ apiKey }))`)."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable

from segtui.mask_work import charge

INFLATED_LIMIT = 16 * 1024 * 1024
"""The most a body is inflated to for masking: a few kilobytes of gzip can inflate to gigabytes."""
INFLATED_WORK = 2
"""The units of work (segtui.mask_work) a byte inflated for masking costs: it is decoded, then joined into a reading."""
_GZIP, _ZLIB, _RAW = 16 + zlib.MAX_WBITS, zlib.MAX_WBITS, -zlib.MAX_WBITS


def inflate(raw: bytes, wbits: int, limit: int) -> tuple[bytes, bool]:
    """Decompress leniently as Node's zlib does with Z_SYNC_FLUSH (a cut-short stream gives what it holds, gzip members
    one after another), never past `limit` bytes; and whether there was more."""
    out, size = [], 0
    while raw:
        decompressor = zlib.decompressobj(wbits)
        out.append(decompressor.decompress(raw, limit + 1 - size))
        size += len(out[-1])
        if size > limit:
            return b"".join(out)[:limit], True
        raw = decompressor.unused_data if wbits > zlib.MAX_WBITS else b""
    return b"".join(out), False


def _wbits(data: bytes) -> int:
    """The zlib wbits of a body's format: gzip and zlib by their headers, else raw deflate (which has none)."""
    if data[:3] == b"\x1f\x8b\x08":
        return _GZIP
    if len(data) >= 2 and data[0] & 0x0F == 8 and data[0] >> 4 <= 7 and (data[0] << 8 | data[1]) % 31 == 0:
        return _ZLIB
    return _RAW


def _lenient(data: bytes, wbits: int, limit: int) -> tuple[bytes, bool]:
    """`inflate`, or where what follows a stream is no other stream (zero bytes a base64 run was padded with, say),
    the first stream alone; raises zlib.error when even that is broken."""
    try:
        return inflate(data, wbits, limit)
    except zlib.error:
        content = zlib.decompressobj(wbits).decompress(data, limit + 1)
        return content[:limit], len(content) > limit


def _whole_raw(data: bytes, limit: int, padding: int = 0) -> bytes | None:
    """What raw deflate inflates to (up to `limit` bytes and one more, to tell there was more), when the data is one
    whole stream, followed by at most `padding` zero bytes; else None. Raw deflate has no header: it is taken for one
    only when it ends where the data does, as random bytes seldom do."""
    decompressor = zlib.decompressobj(_RAW)
    try:
        content = decompressor.decompress(data, limit + 1)
    except zlib.error:
        return None
    rest = decompressor.unused_data
    return content if decompressor.eof and len(rest) <= padding and not rest.strip(b"\0") else None


def inflated(data: bytes, limit: int, padding: int = 0) -> bytes | None:
    """What a gzip or zlib stream, told by its header, or a whole raw deflate stream (`zlib.deflateRawSync`), with at
    most `padding` zero bytes after it, inflates to (up to `limit` bytes); None for other bytes."""
    charge(len(data))
    wbits = _wbits(data)
    if wbits == _RAW:
        if not data or data[0] & 6 == 6:  # a first block of the reserved type: no stream (a quarter of random bytes)
            return None
        content = _whole_raw(data, limit, padding)
        content = None if content is None else content[:limit]
    else:
        try:
            content = _lenient(data, wbits, limit)[0]
        except zlib.error:
            return None
    # What it inflates to is read as text and searched (a text of many small bombs inflates 64-fold: segtui.mask_work).
    charge(INFLATED_WORK * len(content or b""))
    return content


def no_stream(head: bytes, size: int, limit: int, padding: int = 0) -> bool:
    """Whether `size` bytes that begin with `head` are surely none that `inflated` reads (with that `limit` and
    `padding`): their first bytes are already no gzip, zlib or deflate, or raw deflate that ends too far before them."""
    wbits = _wbits(head)
    if wbits == _RAW and (not head or head[0] & 6 == 6):
        return True
    decompressor = zlib.decompressobj(wbits)
    try:
        decompressor.decompress(head, limit + 1)
    except zlib.error:
        return True
    return wbits == _RAW and decompressor.eof and len(decompressor.unused_data) + size - len(head) > padding


def _packed(content: bytes, wbits: int) -> bytes:
    """Content compressed in a format (gzip's with no time in its header, so that a body packs alike every time)."""
    if wbits == _GZIP:
        return gzip.compress(content, mtime=0)
    packer = zlib.compressobj(wbits=wbits)
    return packer.compress(content) + packer.flush()


def masked_compressed(data: bytes, mask: Callable[[bytes], bytes]) -> bytes | None:
    """A body that is a whole gzip, zlib or raw deflate stream with `mask` applied to what it inflates to, compressed
    again (past INFLATED_LIMIT, only what was inflated: the rest could hold a secret unseen); None when it is no such
    stream, or holds nothing `mask` changes. A raw deflate stream is taken for one only when it ends where the body
    does, as random bytes seldom do."""
    wbits = _wbits(data)
    try:
        if wbits == _RAW:
            whole = _whole_raw(data, INFLATED_LIMIT)
            if whole is None:
                return None
            content, more = whole[:INFLATED_LIMIT], len(whole) > INFLATED_LIMIT
        else:
            content, more = _lenient(data, wbits, INFLATED_LIMIT)
    except zlib.error:
        return None
    masked = mask(content)
    return _packed(masked, wbits) if masked != content or more else None
