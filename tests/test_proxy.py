"""Live requests through the proxy the environment names (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY), as httpx
sends them: in the real sandbox, through a forward proxy on loopback that the test starts.

Loopback origins are not exempt unless NO_PROXY says so (httpx exempts nothing by default), so
these tests reach a proxy on 127.0.0.1 with origins on 127.0.0.1.
"""

from __future__ import annotations

import base64
import json
import socket
from dataclasses import asdict

import httpx
import pytest
from support.certificates import certificates
from support.cli import segtui
from support.http_server import LoopbackServer, Reply
from support.proxy_server import ProxyServer
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.masking import MASK
from segtui.sandbox.proxy import Proxies, masked

VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUEST_METHOD")

FETCH = """
    async function onTrack(event, settings) {
      try {
        const response = await fetch(settings.url, settings.init);
        return [response.status, await response.text()];
      } catch (error) {
        return [error.name, error.type, error.code, error.message];
      }
    }
"""


@pytest.fixture
def proxied(monkeypatch, tmp_path):
    """Runs FETCH in a sandbox started with the given environment variables (and no others of its kind)."""
    engines = []
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)

    def run(env: dict[str, str], url: str, init: dict | None = None, timeout_s: float = 5):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        engine = make_engine(timeout_s=timeout_s)  # the sandbox process inherits the environment
        engines.append(engine)
        return HandlerRunner(engine, tmp_path).run(FETCH, settings={"url": url, "init": init or {}})

    yield run
    for engine in engines:
        engine.close()


@pytest.fixture
def proxy():
    server = ProxyServer()
    yield server
    server.close()


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_an_http_request_goes_to_the_proxy_in_absolute_form(proxied, proxy, loopback, variable):
    result = proxied({variable: proxy.url()}, f"{loopback.base}/json?a=1")
    assert result.return_value == [200, '{"ok": true, "n": 1}']
    [asked] = proxy.take()
    assert asked.request_line == f"GET {loopback.base}/json?a=1 HTTP/1.1".encode()
    assert asked.header("Host") == f"127.0.0.1:{loopback.port}"
    [received] = loopback.take()
    assert received.request_line == b"GET /json?a=1 HTTP/1.1"
    [record] = result.requests
    assert record.url == f"{loopback.base}/json?a=1"
    assert record.note == f"sent through the proxy {proxy.url()} ({variable.upper()})"


def test_segtui_runs_text_output_says_which_proxy_a_request_went_through(proxy, loopback, tmp_path):
    (tmp_path / "handler.js").write_text(FETCH)
    done = segtui("run", "handler.js", "--event", "track", "--setting", f"url={loopback.base}/json", "--color",
                  "never", cwd=tmp_path, env={"HTTP_PROXY": proxy.url()})
    assert done.returncode == 0, done.stderr
    assert f"GET {loopback.base}/json → 200 OK" in done.stdout
    assert f"\n    sent through the proxy {proxy.url()} (HTTP_PROXY)" in done.stdout


def test_a_post_body_goes_through_the_proxy(proxied, proxy, loopback):
    result = proxied({"HTTP_PROXY": proxy.url()}, f"{loopback.base}/post",
                     {"method": "POST", "body": "héllo", "headers": {"X-Api-Key": "k"}})
    assert result.return_value == [200, "ok"]
    [asked] = proxy.take()
    assert asked.method == "POST"
    [received] = loopback.take()
    assert (received.body, received.header("X-Api-Key")) == ("héllo".encode(), "k")


def test_an_https_proxy_variable_leaves_http_requests_direct(proxied, proxy, loopback):
    result = proxied({"HTTPS_PROXY": proxy.url()}, f"{loopback.base}/json")
    assert result.return_value[0] == 200
    assert proxy.take() == []
    assert result.requests[0].note is None


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "example.com, 127.0.0.1", "*", "127.0.0.1:PORT"])
def test_no_proxy_sends_the_request_direct(proxied, proxy, loopback, no_proxy):
    no_proxy = no_proxy.replace("PORT", str(loopback.port))
    result = proxied({"HTTP_PROXY": proxy.url(), "no_proxy": no_proxy}, f"{loopback.base}/json")
    assert result.return_value[0] == 200
    assert proxy.take() == []
    assert len(loopback.take()) == 1


@pytest.mark.parametrize("no_proxy", ["localhost", "127.0.0.2", "127.0.0.1:1"])
def test_no_proxy_entries_that_do_not_name_the_origin_leave_it_proxied(proxied, proxy, loopback, no_proxy):
    result = proxied({"HTTP_PROXY": proxy.url(), "NO_PROXY": no_proxy}, f"{loopback.base}/json")
    assert result.return_value[0] == 200
    assert len(proxy.take()) == 1


def test_credentials_in_the_proxy_url_go_as_proxy_authorization_and_never_to_the_origin(proxied, loopback):
    server = ProxyServer(credentials="me:pa ss")
    try:
        result = proxied({"HTTP_PROXY": server.url("me:pa%20ss")}, f"{loopback.base}/json")
        [asked] = server.take()
    finally:
        server.close()
    assert result.return_value[0] == 200
    assert asked.header("Proxy-Authorization") == "Basic " + base64.b64encode(b"me:pa ss").decode()
    assert asked.header_lines[0].startswith(b"Proxy-Authorization: Basic ")  # first, as httpcore sends it
    [received] = loopback.take()
    assert received.header("Proxy-Authorization") is None
    [record] = result.requests
    assert [name for name, _ in record.headers if name.lower() == "proxy-authorization"] == []
    assert "pa%20ss" not in json.dumps(asdict(result), default=str) and "pa ss" not in json.dumps(asdict(result), default=str)
    assert record.note == f"sent through the proxy http://me:{MASK}@127.0.0.1:{server.port} (HTTP_PROXY)"


def test_wrong_credentials_are_the_proxys_407_response(proxied, loopback):
    server = ProxyServer(credentials="me:right")
    try:
        result = proxied({"HTTP_PROXY": server.url("me:wrong")}, f"{loopback.base}/json")
    finally:
        server.close()
    assert result.return_value == [407, ""]


def test_a_proxy_that_is_down_is_node_fetchs_connection_refused_naming_the_proxy(proxied, loopback):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # a port nothing listens on
    result = proxied({"HTTP_PROXY": f"http://me:secret@127.0.0.1:{port}"}, f"{loopback.base}/json")
    reason = f"connect ECONNREFUSED 127.0.0.1:{port}"
    assert result.return_value == ["FetchError", "system", "ECONNREFUSED",
                                   f"request to {loopback.base}/json failed, reason: {reason}"]
    assert loopback.take() == []
    assert "secret" not in json.dumps(asdict(result), default=str)


def test_a_proxy_that_never_answers_is_given_up_at_the_fetch_timeout(proxied, loopback):
    server = ProxyServer(silent=True)
    try:
        result = proxied({"HTTPS_PROXY": server.url()}, "https://api.example.com/v1", {"timeout": 200})
        [asked] = server.take()
    finally:
        server.close()
    assert result.outcome == "success"
    assert result.return_value == ["FetchError", "request-timeout", None, "network timeout at: https://api.example.com/v1"]
    assert asked.request_line == b"CONNECT api.example.com:443 HTTP/1.1"


def test_a_proxy_that_never_answers_is_given_up_at_the_run_deadline(proxied, loopback):
    server = ProxyServer(silent=True)
    try:
        result = proxied({"HTTP_PROXY": server.url()}, f"{loopback.base}/json", timeout_s=0.5)
    finally:
        server.close()
    assert result.outcome == "timeout", result.error
    assert result.duration_ms < 2000


def test_an_https_request_asks_for_a_tunnel_and_a_refusal_is_a_clear_fetch_error(proxied):
    server = ProxyServer(refuse_tunnels="403 Forbidden")
    try:
        result = proxied({"HTTPS_PROXY": server.url("me:secret")}, "https://api.example.com/v1/x")
        [asked] = server.take()
    finally:
        server.close()
    assert asked.request_line == b"CONNECT api.example.com:443 HTTP/1.1"
    assert asked.header("Host") == "api.example.com:443"
    assert asked.header("Proxy-Authorization") == "Basic " + base64.b64encode(b"me:secret").decode()
    reason = (f"Failed to establish tunnel to api.example.com:443 via http://me:{MASK}@127.0.0.1:{server.port}: "
              "HTTP/1.1 403 Forbidden")
    assert result.return_value == ["FetchError", "system", "ERR_PROXY_TUNNEL",
                                   f"request to https://api.example.com/v1/x failed, reason: {reason}"]
    assert "secret" not in json.dumps(asdict(result), default=str)


def test_a_proxy_url_segtui_cannot_use_is_a_fetch_error_naming_the_variable(proxied):
    result = proxied({"HTTPS_PROXY": "socks5://me:secret@127.0.0.1:1080"}, "https://api.example.com/")
    reason = f"HTTPS_PROXY is socks5://me:{MASK}@127.0.0.1:1080, and segtui sends requests through http:// proxies only"
    assert result.return_value == ["FetchError", "system", "ERR_PROXY_INVALID_CONFIG",
                                   f"request to https://api.example.com/ failed, reason: {reason}"]


def test_an_https_request_goes_through_a_connect_tunnel_with_tls_to_the_origin(proxied, proxy, tmp_path):
    pytest.importorskip("cryptography")
    ca_file, context = certificates(tmp_path)
    origin = LoopbackServer(tls=context)
    try:
        result = proxied({"HTTPS_PROXY": proxy.url(), "SSL_CERT_FILE": str(ca_file)}, f"{origin.base}/json")
        [received] = origin.take()
    finally:
        origin.close()
    assert result.return_value == [200, '{"ok": true, "n": 1}']
    [asked] = proxy.take()
    assert asked.request_line == f"CONNECT 127.0.0.1:{origin.port} HTTP/1.1".encode()
    assert received.request_line == b"GET /json HTTP/1.1"  # the origin-form, inside the tunnel
    [record] = result.requests
    assert (record.url, record.note) == (f"{origin.base}/json", f"sent through the proxy {proxy.url()} (HTTPS_PROXY)")


def test_tls_errors_through_a_tunnel_name_the_origin(proxied, proxy, tmp_path):
    pytest.importorskip("cryptography")
    _ca_file, context = certificates(tmp_path)
    origin = LoopbackServer(tls=context)
    try:
        result = proxied({"HTTPS_PROXY": proxy.url()}, f"{origin.base}/json")  # the test CA is not trusted
    finally:
        origin.close()
    assert result.return_value == ["FetchError", "system", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
                                   f"request to {origin.base}/json failed, reason: unable to get local issuer certificate"]


# Which proxy serves a URL, compared with httpx's own decision (its environment mounts and URLPattern,
# private parts of httpx used here only as the reference to agree with).
ENVIRONMENTS = [
    {"http": "http://p1:1", "https": "p2:2", "all": "http://p3:3"},
    {"all": "http://p3:3"},
    {"https": "http://p2:2", "no": "example.com, .corp.net,127.0.0.1,::1,localhost,10.0.0.0/8,sub.other.org:8443"},
    {"http": "http://p1:1", "all": "http://p3:3", "no": "x.com,*"},
    {"http": "http://p1:1", "all": "http://p3:3", "no": "http://example.com,https://*.foo.com:8443,all://"},
    {"http": "http://p1:1", "https": "http://p2:2", "no": "EXAMPLE.com, localhost:8080, https://"},
]
URLS = ["http://example.com/", "https://example.com/", "http://www.example.com/x", "http://wwwexample.com/",
        "https://corp.net/", "https://a.corp.net/", "http://127.0.0.1:5000/", "http://[::1]:80/", "http://localhost/",
        "http://localhost:8080/", "http://10.0.0.0/", "http://10.1.2.3/", "https://sub.other.org:8443/",
        "https://sub.other.org/", "https://x.foo.com:8443/", "https://foo.com:8443/", "http://x.com/",
        "https://example.com:443/"]


def _httpx_proxy(monkeypatch, environment: dict[str, str], url: str) -> str | None:
    from httpx import _utils

    monkeypatch.setattr(_utils, "getproxies", lambda: environment)
    mounts = sorted((_utils.URLPattern(key), proxy) for key, proxy in _utils.get_environment_proxies().items())
    return next((proxy for pattern, proxy in mounts if pattern.matches(httpx.URL(url))), None)


@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=range(len(ENVIRONMENTS)))
def test_the_proxy_for_each_url_is_the_one_httpx_picks(monkeypatch, environment):
    proxies = Proxies(environment)
    for url in URLS:
        parsed = httpx.URL(url)
        host = f"[{parsed.host}]" if ":" in parsed.host else parsed.host
        chosen = proxies.for_url(parsed.scheme, host, parsed.port or {"http": 80, "https": 443}[parsed.scheme])
        expected = _httpx_proxy(monkeypatch, environment, url)
        assert (chosen and f"{chosen.host}:{chosen.port}") == (expected and expected.split("://")[1]), url


def test_masking_a_proxy_url_hides_the_password_or_a_user_that_stands_alone():
    assert masked("http://me:s3cr@t@proxy:3128/") == f"http://me:{MASK}@proxy:3128/"
    assert masked("me:pw@proxy:3128") == f"me:{MASK}@proxy:3128"
    assert masked("http://sk_live_token@proxy:3128") == f"http://{MASK}@proxy:3128"  # a token given as the user
    assert masked("http://me:pa/s#s@proxy:3128") == f"http://me:{MASK}@proxy:3128"
    assert masked("http://proxy:3128/") == "http://proxy:3128/"


@pytest.mark.parametrize("command", [["run", "handler.js", "--event", "track", "--json"],
                                     ["replay", "handler.js", "events.ndjson", "--json"]])
def test_a_proxy_password_a_server_echoes_back_to_the_handler_is_masked(loopback, tmp_path, command):
    """segtui sends the proxy variable's credentials in Proxy-Authorization; a proxy (or server) that echoes a request's
    headers hands them to the handler, which may return or log them: they are secrets like a sensitive setting's."""
    loopback.routes["/echo"] = lambda received: Reply(body=b"\n".join(received.header_lines))
    (tmp_path / "handler.js").write_text("async function onTrack(event, settings) {\n"
                                         "  const text = await (await fetch('http://origin.invalid/echo')).text();\n"
                                         "  console.log(text);\n  return text;\n}\n")
    (tmp_path / "events.ndjson").write_text('{"type": "track", "event": "E"}\n' * 3)
    password = "Pr0xy-Pa55w0rd!"
    for user, secret in [(f"bob:{password}", password), ("sk_live_9fQ2xLr7TzW4mB8k", "sk_live_9fQ2xLr7TzW4mB8k")]:
        # A token given as the user alone goes in Proxy-Authorization too (as `token:`), and names the proxy in notes.
        done = segtui(*command, cwd=tmp_path, env={"HTTP_PROXY": f"http://{user}@127.0.0.1:{loopback.port}"})
        assert done.returncode == 0, done.stderr
        shown = done.stdout + done.stderr
        echoed = base64.b64encode((user if ":" in user else f"{user}:").encode()).decode()
        assert "Proxy-Authorization: Basic " in shown, "the server did not echo the header: the test checks nothing"
        assert "sent through the proxy" in shown, "no record names the proxy: the test checks less"
        assert secret not in shown and echoed not in shown and echoed[:12] not in shown
