"""How a failed live request reads: the FetchError node-fetch raises for each way a connection or read fails."""

from __future__ import annotations

import errno
import socket
import ssl
from typing import Any

from segtui.sandbox.exchange import Outgoing, system_error

# OpenSSL verification codes and how Node 20 reports them.
_TLS_ERRORS = {
    9: ("certificate is not yet valid", "CERT_NOT_YET_VALID"),
    10: ("certificate has expired", "CERT_HAS_EXPIRED"),
    18: ("self-signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"),
    19: ("self-signed certificate in certificate chain", "SELF_SIGNED_CERT_IN_CHAIN"),
    20: ("unable to get local issuer certificate", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
    21: ("unable to verify the first certificate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
}
_HOSTNAME_MISMATCH = 62
# TLS failures in the handshake, as Node 20's OpenSSL 3.0 words them after "write EPROTO <thread>:": the error code,
# the function and where in OpenSSL. WRONG_VERSION_NUMBER is an https URL to a plain-HTTP port.
_HANDSHAKE_ERRORS = {
    "WRONG_VERSION_NUMBER": ("0A00010B", "ssl3_get_record", "ssl/record/ssl3_record.c:350"),
}
_OPENSSL_THREAD = "80DC2B4A1A7F0000"
"""The thread id OpenSSL's error line starts with (Node's varies by process; this one is of the same form)."""


class ProxyError(Exception):
    """A request could not go through its proxy; `code` is the error code Node gives the same failure."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class HangUp(Exception):
    """The server closed the connection without sending a response."""


class ConnectFailed(Exception):
    """No connection could be made to `host` (the origin or its proxy); `cause` says why, `address` is the last tried."""

    def __init__(self, cause: OSError, host: str, address: str, port: int) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.host = host
        self.address = address
        self.port = port


def node_error(error: Exception, outgoing: Outgoing, step: str) -> dict[str, Any]:
    """The FetchError node-fetch raises for a failed request, from the error that ended `step` (connect or read)."""
    from segtui.sandbox.response_reader import ParseFailure

    url = outgoing.url
    failed = error if isinstance(error, ConnectFailed) else None
    cause = failed.cause if failed is not None else error
    if isinstance(cause, ProxyError):
        return system_error(url, str(cause), cause.code)
    if isinstance(cause, socket.gaierror):
        code = "EAI_AGAIN" if cause.errno == socket.EAI_AGAIN else "ENOTFOUND"
        return system_error(url, f"getaddrinfo {code} {failed.host if failed else outgoing.host}", code)
    if isinstance(cause, ssl.SSLCertVerificationError):
        if cause.verify_code == _HOSTNAME_MISMATCH:
            reason = f"Hostname/IP does not match certificate's altnames: Host: {outgoing.host}. is not in the cert's altnames"
            return system_error(url, reason, "ERR_TLS_CERT_ALTNAME_INVALID")
        reason, code = _TLS_ERRORS.get(cause.verify_code, (cause.verify_message, "ERR_TLS_CERT_INVALID"))
        return system_error(url, reason, code)
    if isinstance(cause, ssl.SSLError):
        reason = (cause.reason or "SSL_ERROR").lower().replace("_", " ")
        if cause.reason in _HANDSHAKE_ERRORS:
            number, function, where = _HANDSHAKE_ERRORS[cause.reason]
            line = f"{_OPENSSL_THREAD}:error:{number}:SSL routines:{function}:{reason}:../deps/openssl/openssl/{where}:\n"
            return system_error(url, f"write EPROTO {line}", "EPROTO")
        return system_error(url, reason, f"ERR_SSL_{cause.reason or 'ERROR'}")
    if isinstance(cause, HangUp):
        return system_error(url, "socket hang up", "ECONNRESET")
    if isinstance(cause, ParseFailure):
        return system_error(url, f"Parse Error: {cause}", cause.code)
    if isinstance(cause, OSError) and cause.errno is not None and cause.errno in errno.errorcode:
        code = errno.errorcode[cause.errno]
        if failed is not None:
            # Node's message names the port only when it is not 0 (net's exceptionWithHostPort).
            where = f"{failed.address}:{failed.port}" if failed.port else failed.address
            return system_error(url, f"connect {code} {where}", code)
        return system_error(url, f"{step} {code}", code)
    return system_error(url, str(cause) or type(cause).__name__, "EPROTO")
