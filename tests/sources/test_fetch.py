"""Safe fetch against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.errors import BinaryContentError, FetchError, TooLargeError, UnsafeUrlError
from bot.sources import fetch as fetch_mod
from bot.sources.fetch import check_url, fetch, is_public_address
from tests.factories import serve

ARTICLE = "<html><body><article><p>Привет, мир.</p></article></body></html>"


async def _slow(_: web.Request) -> web.Response:
    await asyncio.sleep(2)
    return web.Response(text="late")


def _routes(base: Callable[[], str]) -> web.Application:
    app = web.Application()

    async def page(_: web.Request) -> web.Response:
        return web.Response(text=ARTICLE, content_type="text/html", charset="utf-8")

    async def redirect(_: web.Request) -> web.Response:
        raise web.HTTPFound(base() + "/page")

    async def redirect_private(_: web.Request) -> web.Response:
        raise web.HTTPFound("http://10.0.0.1/admin")

    async def redirect_intranet(_: web.Request) -> web.Response:
        raise web.HTTPFound("http://intranet.test/secret")

    async def loop(_: web.Request) -> web.Response:
        raise web.HTTPFound(base() + "/loop")

    async def image(_: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG....", content_type="image/png")

    async def huge(_: web.Request) -> web.Response:
        return web.Response(text="x" * 300_000, content_type="text/plain")

    async def bomb(_: web.Request) -> web.Response:
        body = gzip.compress(b"a" * 50_000_000)
        return web.Response(
            body=body, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}
        )

    async def gzipped(_: web.Request) -> web.Response:
        body = gzip.compress(ARTICLE.encode())
        return web.Response(
            body=body, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}
        )

    async def missing(_: web.Request) -> web.Response:
        raise web.HTTPNotFound

    for path, handler in {
        "/page": page,
        "/redirect": redirect,
        "/redirect-private": redirect_private,
        "/redirect-intranet": redirect_intranet,
        "/loop": loop,
        "/image": image,
        "/huge": huge,
        "/bomb": bomb,
        "/gzip": gzipped,
        "/missing": missing,
        "/slow": _slow,
    }.items():
        app.router.add_get(path, handler)
    return app


@pytest.fixture
async def server() -> AsyncIterator[str]:
    holder: list[str] = []
    async with serve(_routes(lambda: holder[0])) as base:
        holder.append(base)
        yield base


async def test_fetches_a_page(server: str) -> None:
    page = await fetch(server + "/page", allow_private=True)
    assert page.body.decode() == ARTICLE
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"


async def test_follows_redirects(server: str) -> None:
    page = await fetch(server + "/redirect", allow_private=True)
    assert page.final_url.endswith("/page")


async def test_decompresses_gzip(server: str) -> None:
    page = await fetch(server + "/gzip", allow_private=True)
    assert page.body.decode() == ARTICLE


async def test_gzip_bomb_stops_at_the_cap(server: str) -> None:
    with pytest.raises(TooLargeError):
        await fetch(server + "/bomb", allow_private=True, max_bytes=1_000_000)


async def test_size_cap(server: str) -> None:
    with pytest.raises(TooLargeError):
        await fetch(server + "/huge", allow_private=True, max_bytes=100_000)


async def test_refuses_binary_content(server: str) -> None:
    with pytest.raises(BinaryContentError, match="image/png"):
        await fetch(server + "/image", allow_private=True)


async def test_http_error_is_one_line(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        await fetch(server + "/missing", allow_private=True)


async def test_timeout(server: str) -> None:
    with pytest.raises(FetchError, match="timed out"):
        await fetch(server + "/slow", allow_private=True, timeout=0.5)


async def test_redirect_loop(server: str) -> None:
    with pytest.raises(FetchError, match="too many redirects"):
        await fetch(server + "/loop", allow_private=True)


async def test_unreachable_host() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError):
        await fetch(f"http://127.0.0.1:{port}/", allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8080/",
        "http://10.1.2.3/",
        "http://192.168.0.1/router",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "ftp://example.com/file",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http:///nohost",
    ],
)
async def test_refuses_unsafe_urls(url: str) -> None:
    with pytest.raises(UnsafeUrlError):
        await fetch(url)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2a00:1450:4001:82b::200e", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("100.64.0.1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("ff02::1", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


class FakeDns(AbstractResolver):
    """DNS of a pretend internet: the test server is 'public', intranet.test is not."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        address = {"news.test": "127.0.0.1", "intranet.test": "192.168.1.10"}[host]
        return [
            ResolveResult(hostname=host, host=address, port=port, family=family, proto=0, flags=0)
        ]

    async def close(self) -> None:
        return None


@pytest.fixture
def loopback_is_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    real = fetch_mod.is_public_address
    monkeypatch.setattr(fetch_mod, "is_public_address", lambda a: a == "127.0.0.1" or real(a))


@pytest.mark.usefixtures("loopback_is_internet")
async def test_redirect_to_a_private_address_is_refused(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    with pytest.raises(UnsafeUrlError):
        await fetch(f"http://news.test:{port}/redirect-private", resolver=FakeDns())


@pytest.mark.usefixtures("loopback_is_internet")
async def test_redirect_to_a_host_resolving_private_is_refused(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    with pytest.raises(UnsafeUrlError, match="private address"):
        await fetch(f"http://news.test:{port}/redirect-intranet", resolver=FakeDns())


@pytest.mark.usefixtures("loopback_is_internet")
async def test_public_host_through_the_checking_resolver(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    page = await fetch(f"http://news.test:{port}/page", resolver=FakeDns())
    assert page.body.decode() == ARTICLE


def test_check_url_allows_private_when_asked() -> None:
    assert check_url("http://127.0.0.1:9/", allow_private=True) == "http://127.0.0.1:9/"
