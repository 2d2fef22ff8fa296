"""Which proxy a live request goes through, decided from the environment as httpx decides it.

httpx (with `trust_env`, its default) reads HTTP_PROXY, HTTPS_PROXY and ALL_PROXY, in either case,
through `urllib.request.getproxies`, and turns them and NO_PROXY into URL patterns (its "mounts"):
the most specific pattern matching a URL says which proxy serves it, or none. segtui builds the
same patterns from the same variables, so a request goes where httpx would send it. NO_PROXY holds
"*" (no proxy at all), names (`example.com` is it and its subdomains, `.example.com` its subdomains
only), IP addresses (not ranges: httpx matches `10.0.0.0/8` as the one address), `localhost`,
optional ports and URLs. Nothing is exempt by default, loopback addresses included.
Node and node-fetch ignore all of these variables. segtui goes through http:// proxies only (the
kind company proxies are); httpx also takes https:// ones and, with an extra, SOCKS ones.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import sys
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from segtui.sandbox.fetch_errors import ProxyError

_DEFAULT_PORTS = {"http": 80, "https": 443}
_VARIABLES = {"http": "HTTP_PROXY", "https": "HTTPS_PROXY", "all": "ALL_PROXY"}


@dataclass(frozen=True)
class Proxy:
    """An HTTP proxy that live requests go through."""

    host: str
    port: int
    authorization: str | None = field(repr=False)
    """The Proxy-Authorization value (Basic, from the URL's user and password): a secret, never shown."""
    shown: str
    """The proxy's URL with its password masked, for messages and records."""
    variable: str
    """The environment variable that named it."""
    problem: str | None = None
    """Why no request can go through it (a URL segtui cannot use), or None."""

    @property
    def note(self) -> str:
        """What a request's record says about the way it went."""
        return f"sent through the proxy {self.shown} ({self.variable})"

    def usable(self) -> Proxy:
        """The proxy itself, or ProxyError when its URL is one segtui cannot use."""
        if self.problem is not None:
            raise ProxyError(self.problem, "ERR_PROXY_INVALID_CONFIG")
        return self


def masked(url: str) -> str:
    """The URL with the password of its user information (user:password@) masked, or the user when it stands alone
    (`http://TOKEN@proxy`: a token given as the user, which goes in Proxy-Authorization as a password would).

    The user information runs to the last "@", so that a password pasted without percent-encoding
    (holding "/", "#" or "@") is masked whole.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    userinfo, at, host = rest.rpartition("@")
    if not at or not userinfo:
        return url
    from segtui.masking import MASK  # only a proxy variable that holds credentials needs masking, imported then

    if ":" not in userinfo:
        return f"{scheme}{sep}{MASK}@{host}"
    user = userinfo.split(":", 1)[0]
    return f"{scheme}{sep}{user}:{MASK}@{host}"


def _proxy(url: str, variable: str) -> Proxy:
    """The proxy a variable names, as httpx.Proxy reads its URL (credentials become Proxy-Authorization)."""
    shown = masked(url)
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme, parts.hostname, parts.port
    except ValueError:
        scheme, host, port = "", None, None
    if not host:
        return Proxy("", 0, None, shown, variable, f"{variable} is {shown}, which is not a proxy URL segtui can use")
    if scheme != "http":
        return Proxy("", 0, None, shown, variable, f"{variable} is {shown}, and segtui sends requests through "
                     "http:// proxies only")
    authorization = None
    if parts.username or parts.password:
        credentials = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}".encode()
        authorization = "Basic " + base64.b64encode(credentials).decode("ascii")
    return Proxy(host, port or _DEFAULT_PORTS["http"], authorization, shown, variable)


@dataclass(frozen=True)
class _Pattern:
    """One key of httpx's mounts (its URLPattern): a scheme, a host with an optional leading `*`, a port."""

    scheme: str
    host: str
    port: int | None
    regex: re.Pattern[str] | None

    @classmethod
    def parse(cls, key: str) -> _Pattern:
        parts = urlsplit(key)
        scheme = "" if parts.scheme == "all" else parts.scheme
        host = parts.hostname or ""
        host = "" if host == "*" else host
        port = parts.port
        if port is not None and port == _DEFAULT_PORTS.get(parts.scheme):
            port = None  # httpx's URL drops a scheme's default port
        if not host:
            regex = None
        elif host.startswith("*."):
            regex = re.compile(rf"^.+\.{re.escape(host[2:])}$")
        elif host.startswith("*"):
            regex = re.compile(rf"^(.+\.)?{re.escape(host[1:])}$")
        else:
            regex = re.compile(rf"^{re.escape(host)}$")
        return cls(scheme, host, port, regex)

    @property
    def priority(self) -> tuple[int, int, int]:
        """Most specific first: with a port, then the longer host, then the longer scheme."""
        return (0 if self.port is not None else 1, -len(self.host), -len(self.scheme))

    def matches(self, scheme: str, host: str, port: int | None) -> bool:
        return ((not self.scheme or self.scheme == scheme)
                and (self.regex is None or self.regex.match(host) is not None)
                and (self.port is None or self.port == port))


def _is_ip(entry: str, version: int) -> bool:
    try:
        return ipaddress.ip_address(entry.split("/")[0]).version == version
    except ValueError:
        return False


def _mount_keys(info: dict[str, str]) -> dict[str, str | None]:
    """httpx's mounts from getproxies(): pattern → proxy URL, or None for no proxy (httpx's get_environment_proxies)."""
    mounts: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        if info.get(scheme):
            url = info[scheme]
            mounts[f"{scheme}://"] = url if "://" in url else f"http://{url}"
    for entry in (entry.strip() for entry in info.get("no", "").split(",")):
        if entry == "*":
            return {}
        if not entry:
            continue
        if "://" in entry:
            mounts[entry] = None
        elif _is_ip(entry, 4):
            mounts[f"all://{entry}"] = None
        elif _is_ip(entry, 6):
            mounts[f"all://[{entry}]"] = None
        elif entry.lower() == "localhost":
            mounts[f"all://{entry}"] = None
        else:
            mounts[f"all://*{entry}"] = None
    return mounts


class Proxies:
    """The proxy rules of one environment (getproxies() form): which proxy, if any, serves a URL."""

    def __init__(self, info: dict[str, str]) -> None:
        mounts: list[tuple[_Pattern, Proxy | None]] = []
        for key, url in _mount_keys(info).items():
            try:
                pattern = _Pattern.parse(key)
            except ValueError:
                continue  # a NO_PROXY entry that is no URL pattern at all exempts nothing
            mounts.append((pattern, None if url is None else _proxy(url, _VARIABLES[key[:-3]])))
        self._mounts = sorted(mounts, key=lambda mount: mount[0].priority)
        self._any = any(proxy is not None for _pattern, proxy in self._mounts)
        """Whether any rule names a proxy: known once, as each live request asks (`for_url`)."""

    def __bool__(self) -> bool:
        return self._any

    def for_url(self, scheme: str, host: str, port: int) -> Proxy | None:
        """The proxy for a request to scheme://host:port, or None to connect directly."""
        if not self:
            return None
        bare = host[1:-1] if host.startswith("[") else host
        shown_port = None if port == _DEFAULT_PORTS.get(scheme) else port
        for pattern, proxy in self._mounts:
            if pattern.matches(scheme, bare.lower(), shown_port):
                return proxy
        return None


def environment_proxies() -> Proxies:
    """The proxy rules of this process's environment, as httpx would read them."""
    if sys.platform not in ("darwin", "win32") and not any(name.lower().endswith("_proxy") for name in os.environ):
        # Here getproxies() reads these variables only; skip importing urllib.request (~20 ms) without them.
        return Proxies({})
    from urllib.request import getproxies

    return Proxies(getproxies())
