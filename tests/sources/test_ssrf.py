"""Private addresses in every spelling: refused before a socket reaches them.

Servers run on 127.0.0.0/8 only and count the requests they get; every refusal below must
leave them at zero. Addresses outside loopback (6to4, NAT64, site-local...) are tested at
the check functions, never connected to.
"""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import aiohttp
import pytest
from aiohttp import web

from bot.errors import UnsafeUrlError
from bot.sources import fetch as fetch_mod
from bot.sources.fetch import check_url, fetch, is_public_address, new_session
from tests.factories import LOOPBACK_FORMS

# The forms that spell an IPv4 address. The others do not end at a 127.0.0.1 URL: the server
# does not listen on [::1], ::ffff:127.0.0.1 stays an IPv6 URL, and a name stays a name.
IPV4_FORMS = [
    form
    for form in LOOPBACK_FORMS
    if not form.startswith(("http://[", "http://localhost", "http://ｌｏｃａｌｈｏｓｔ"))
]


@dataclass
class Counting:
    """An aiohttp server on 127.0.0.1 that counts every request it gets."""

    port: int = 0
    hits: list[str] = field(default_factory=list)

    def url(self, form: str) -> str:
        return form.format(port=self.port)


def _counting_app(
    state: Counting, redirect_to: Callable[[], str] | None = None
) -> web.Application:
    async def anything(request: web.Request) -> web.Response:
        state.hits.append(request.path)
        if redirect_to is not None and request.path == "/redirect":
            # As sent, not as HTTPFound would normalise it: a hostile server's raw UTF-8.
            return web.Response(status=302, headers={"Location": redirect_to()})
        text = "<html><body><article><p>The minister spoke on Monday.</p></article></body></html>"
        return web.Response(text=text, content_type="text/html")

    app = web.Application()
    app.router.add_get("/{tail:.*}", anything)
    return app


async def _serve(app: web.Application, host: str) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, host, 0).start()
    return runner, runner.addresses[0][1]


@pytest.fixture
async def target() -> AsyncIterator[Counting]:
    state = Counting()
    runner, state.port = await _serve(_counting_app(state), "127.0.0.1")
    yield state
    await runner.cleanup()


# ---------------------------------------------------------------- is_public_address


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("2002:808:808::1", True),  # 6to4 of 8.8.8.8
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("2002:a00:1::1", False),  # 6to4 of 10.0.0.1
        ("2002:c0a8:101::1", False),  # 6to4 of 192.168.1.1
        ("2002:a9fe:a9fe::", False),  # 6to4 of 169.254.169.254 (cloud metadata)
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
        ("2001:0:a00:1:8000:f227:80ff:fffe", False),  # Teredo, server 10.0.0.1
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
        ("64:ff9b:1::a00:1", False),  # NAT64 for local use
        ("fec0::1", False),  # site-local
        ("fec0:0:0:ffff::1", False),
        ("feff::1", False),  # top of fec0::/10
        ("::127.0.0.1", False),  # IPv4-compatible
        ("::ffff:127.0.0.1", False),  # IPv4-mapped
        ("::ffff:10.1.2.3", False),
        ("::ffff:8.8.8.8", True),
        ("0:0:0:0:0:ffff:7f00:1", False),
        ("fe80::1%eth0", False),
        ("8.8.8.8", True),
        ("2a00:1450:4001:82b::200e", True),
    ],
)
def test_is_public_address_embedded_and_site_local(address: str, public: bool) -> None:
    assert is_public_address(address) is public


# ---------------------------------------------------------------- check_url


@pytest.mark.parametrize(
    "url",
    [
        *(form.format(port=8080) for form in LOOPBACK_FORMS),
        "http://１０.０.０.１/",
        "http://192。168。0。1/",
        "http://⑩.0.0.①/",
        "http://167772161/",  # 10.0.0.1
        "http://0xa9.0xfe.0xa9.0xfe/latest/meta-data/",  # 169.254.169.254
        "http://[2002:7f00:1::]/",
        "http://[2002:a9fe:a9fe::]/",
        "http://[fec0::1]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[::127.0.0.1]/",
        "http://[fe80::1%25eth0]/",
        "http://127%2E0.0.1/",
        "http://1.2.3.4 .example/",
        "data:text/html,<b>hi</b>",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ｆｉｌｅ:///etc/passwd",
        "gopher://127.0.0.1:70/",
    ],
)
def test_check_url_refuses_every_spelling(url: str) -> None:
    with pytest.raises(UnsafeUrlError):
        check_url(url)


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("http://１２７.０.０.１:8080/a", "http://127.0.0.1:8080/a"),
        ("http://127。0。0。1/", "http://127.0.0.1/"),
        ("http://①②⑦.0.0.①/", "http://127.0.0.1/"),
        ("http://2130706433/", "http://127.0.0.1/"),
        ("http://127.1:9/x", "http://127.0.0.1:9/x"),
        ("http://0177.0.0.1/", "http://127.0.0.1/"),
        ("http://0/", "http://0.0.0.0/"),
        ("http://127.0.0.1./", "http://127.0.0.1/"),
        ("HTTP://Example.COM/News", "http://example.com/News"),
        ("https://ＥＸＡＭＰＬＥ.com/rss", "https://example.com/rss"),
    ],
)
def test_check_url_gives_the_normal_form(url: str, normal: str) -> None:
    """The form aiohttp will request: a private literal in it is plain to see."""
    assert check_url(url, allow_private=True) == normal


def test_check_url_rewrites_a_public_numeric_host() -> None:
    assert check_url("http://134744072/a") == "http://8.8.8.8/a"


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0", "0.0.0.0"),  # noqa: S104 (an address read, nothing binds)
        ("127.0.0.1.", "127.0.0.1"),
        ("::1", "::1"),
        ("fe80::1%25eth0", "fe80::1"),
        ("example.com", None),
        ("1.2.3.4 x", None),
        ("deadbeef", None),
    ],
)
def test_ip_literal(host: str, address: str | None) -> None:
    literal = fetch_mod.ip_literal(host)
    assert (str(literal) if literal is not None else None) == address


# ---------------------------------------------------------------- fetch: no request arrives


@pytest.mark.parametrize("form", LOOPBACK_FORMS)
async def test_fetch_refuses_loopback_in_every_spelling(target: Counting, form: str) -> None:
    with pytest.raises(UnsafeUrlError, match=r"^refused: .* is a private address$"):
        await fetch(target.url(form))
    assert target.hits == []


@pytest.mark.parametrize("form", IPV4_FORMS)
async def test_allow_private_reaches_the_server_in_normal_form(
    target: Counting, form: str
) -> None:
    """ALLOW_PRIVATE_URLS: the same spellings are fetched, as the address they name."""
    page = await fetch(target.url(form), allow_private=True)
    assert page.final_url.startswith(("http://127.0.0.1:", "http://0.0.0.0:"))
    assert len(target.hits) == 1


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:{port}/literal", "http://[::ffff:127.0.0.1]:{port}/mapped"]
)
async def test_the_socket_refuses_a_literal_check_url_never_saw(
    target: Counting, url: str
) -> None:
    """aiohttp connects to IP literals without a resolver: the socket factory checks them."""
    async with new_session() as session:
        with pytest.raises(aiohttp.ClientConnectorError) as caught:
            async with session.get(target.url(url)):
                pass
    assert isinstance(caught.value.os_error, fetch_mod.RefusedAddressError)
    assert target.hits == []


@pytest.mark.parametrize(
    "address",
    ["2002:7f00:1::", "fec0::1", "64:ff9b::a00:1", "10.0.0.1", "0.0.0.0", "::1"],  # noqa: S104
)
def test_the_socket_factory_refuses_before_a_socket_exists(address: str) -> None:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sockaddr = (address, 80, 0, 0) if ":" in address else (address, 80)
    with pytest.raises(
        fetch_mod.RefusedAddressError, match=re.escape(f"refused: {address} is a private")
    ):
        fetch_mod.public_socket((family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr))


# ---------------------------------------------------------------- redirects


@pytest.fixture
async def redirecting(target: Counting) -> AsyncIterator[Counting]:
    """A second server, on 127.0.0.2, that the tests treat as the public internet.

    It redirects to a circled-digit spelling of the first (private) server, 127.0.0.1.
    """
    front = Counting()
    app = _counting_app(front, lambda: target.url("http://①②⑦.0.0.①:{port}/secret"))
    runner, front.port = await _serve(app, "127.0.0.2")
    yield front
    await runner.cleanup()


async def test_a_redirect_to_a_circled_digit_loopback_is_refused(
    target: Counting, redirecting: Counting, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = fetch_mod.is_public_address
    monkeypatch.setattr(fetch_mod, "is_public_address", lambda a: a == "127.0.0.2" or real(a))
    with pytest.raises(UnsafeUrlError, match=r"127\.0\.0\.1 is a private address"):
        await fetch(f"http://127.0.0.2:{redirecting.port}/redirect")
    assert redirecting.hits == ["/redirect"]
    assert target.hits == []
