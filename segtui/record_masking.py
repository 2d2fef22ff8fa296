"""A Masker's masking of request records (segtui.masking): headers (credential headers whatever their value), bodies
(base64 ones on their bytes), errors and responses, each on a copy."""

from __future__ import annotations

import base64
import builtins
from collections.abc import Callable, Iterable
from typing import TypeVar

from segtui.credential_headers import is_credential_header, masked_credential
from segtui.cut_secrets import mask_cut_end
from segtui.mask_copies import LONGEST_KEPT, copy_record, remember
from segtui.records import Body, RequestRecord

B = TypeVar("B", bound=Body)

MASK = "••••••"
MASK_BYTES = MASK.encode("utf-8")


class RecordMasking:
    """What masks a request record, given a Masker's text and bytes masking (segtui.masking.Masker)."""

    credentials: bool
    _pairs: dict[tuple[str, str], tuple[str, str]]
    _texts: tuple[str, ...]
    _byte_forms: tuple[builtins.bytes, ...]
    text: Callable[[str], str]
    bytes: Callable[[builtins.bytes], builtins.bytes]

    def header(self, name: str, value: str) -> str:
        """A header value fit to show: a credential header's masked whatever it holds (keeping an auth scheme)."""
        if self.credentials and value and is_credential_header(name):
            return masked_credential(name, value, MASK)
        return self.text(value)

    def headers(self, headers: Iterable[Iterable[str]] | dict[str, str]) -> list[list[str]]:
        """Header pairs (or a dict of them) with `header` applied to each value."""
        pairs = headers.items() if isinstance(headers, dict) else headers
        return [list(self._pair(name, value)) for name, value in pairs]

    def _pair(self, name: str, value: str) -> tuple[str, str]:
        """One header masked, each pair once up to LONGEST_KEPT characters (pairs repeat from request to request: one
        lookup saves the name's and the value's and the credential header's), as what it is masked to depends on
        nothing but the pair and this Masker's secrets."""
        key = (name, value)
        masked = self._pairs.get(key)
        if masked is None:
            masked = (self.text(name), self.header(name, value))
            if len(name) + len(value) <= LONGEST_KEPT:
                remember(self._pairs, key, masked)
        return masked

    def body(self, body: B) -> B:
        """A copy of a record's body masked: text as text, base64 bodies on their bytes, then encoded again."""
        if not body.body:
            return body
        masked = copy_record(body)
        self._mask_body(masked)
        return masked

    def _mask_body(self, body: Body) -> None:
        """Mask a body in place (on a copy of the caller's)."""
        if not body.body:
            return
        if body.body_encoding == "base64":
            data = self.bytes(base64.b64decode(body.body))
            if body.body_truncated:
                data = mask_cut_end(data, self._byte_forms, MASK_BYTES)
            body.body = base64.b64encode(data).decode("ascii")
        else:
            text = self.text(body.body)
            body.body = mask_cut_end(text, self._texts, MASK) if body.body_truncated else text

    def record(self, record: RequestRecord) -> RequestRecord:
        """A copy of a request record fit to show or save: secrets and credential headers masked everywhere in it."""
        masked = copy_record(record)
        masked.method, masked.url = self.text(record.method), self.text(record.url)
        masked.headers = self.headers(record.headers)
        masked.note = self.text(record.note) if record.note else record.note
        self._mask_body(masked)
        if record.error is not None:
            masked.error = copy_record(record.error)
            masked.error.message = self.text(record.error.message)
        if record.response is not None:
            response = masked.response = copy_record(record.response)
            response.headers, response.status_text = self.headers(response.headers), self.text(response.status_text)
            self._mask_body(response)
        return masked

    def records(self, records: Iterable[RequestRecord]) -> list[RequestRecord]:
        """`record` over a run's records."""
        return [self.record(record) for record in records]
