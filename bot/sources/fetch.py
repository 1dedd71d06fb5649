"""Safe HTTP GET: http(s) only, no private addresses (also after redirects), capped, timed.

Private, loopback, link-local, multicast and reserved addresses are refused at three
points, so a redirect, a DNS answer or an odd way of writing a host cannot point the bot at
the machine it runs on or its network:

1. ``check_url`` reads the host as yarl (and so aiohttp) will: after IDNA and NFKC
   (fullwidth digits, ideographic dots, circled digits become ASCII) and with every IPv4
   form the C library accepts (``2130706433``, ``127.1``, ``0177.0.0.1``, ``0x7f.1``, ``0``)
   read as the address it names. Such a literal is rewritten in dotted form.
2. Every name is resolved by ``PublicOnlyResolver``, which refuses any private answer.
3. The connector's socket factory checks the address each socket is about to connect to,
   whatever the host was, so an IP literal that aiohttp connects to without asking the
   resolver, in any aiohttp version, is checked too.

Bodies are decompressed by us, within the size cap, so a gzip bomb stops at the cap
instead of filling memory.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import zlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

import aiohttp
import yarl
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from bot.errors import BinaryContentError, FetchError, TooLargeError, UnsafeUrlError
from bot.models import FetchedPage

MAX_PAGE_BYTES = 5 * 1024 * 1024  # decompressed; a news page is rarely over 1 MB
TIMEOUT_SECONDS = 15.0
MAX_REDIRECTS = 5
USER_AGENT = "newsbrief/0.1 (+https://github.com/newsbrief; a Telegram news summary bot)"
TEXT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
)
_CHUNK = 64 * 1024
SHORT_URL = 80  # URLs in error messages are cut to this length


# IPv6 ranges that carry an IPv4 address in their last 32 bits: a packet to one of them
# reaches that IPv4 address (NAT64, RFC 6052) or is meant to (IPv4-compatible, RFC 4291).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
# Never public whatever they embed: NAT64 for local use (RFC 8215) and site-local (RFC 3879,
# deprecated but still routed by some stacks). Python's is_private misses both.
_NEVER_PUBLIC = (ipaddress.IPv6Network("64:ff9b:1::/48"), ipaddress.IPv6Network("fec0::/10"))


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address.

    An IPv6 address that embeds an IPv4 one (IPv4-mapped or -compatible, 6to4, Teredo,
    NAT64) is public only if the embedded address is public too.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # the packet goes to the IPv4 address itself
            return _is_global(ip.ipv4_mapped)
        if any(ip in net for net in _NEVER_PUBLIC):
            return False
        if not all(_is_global(v4) for v4 in _embedded_ipv4(ip)):
            return False
    return _is_global(ip)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    embedded: list[ipaddress.IPv4Address] = []
    if ip.sixtofour is not None:  # 2002::/16
        embedded.append(ip.sixtofour)
    if ip.teredo is not None:  # 2001::/32: (server, client)
        embedded.extend(ip.teredo)
    if ip in _NAT64 or ip in _IPV4_COMPATIBLE:
        embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return embedded


def _is_global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
        or not ip.is_global
    )


class RefusedAddressError(OSError):
    """Raised by the socket factory for a non-public address: no socket is made.

    An OSError, because that is what aiohttp and aiohappyeyeballs expect from a socket
    factory: they close up and wrap it in ``ClientConnectorError``, which ``fetch`` turns
    back into ``UnsafeUrlError``.
    """

    def __init__(self, address: str) -> None:
        super().__init__(f"refused: {address} is a private address")
        self.message = f"refused: {address} is a private address"
        self.address = address


def public_socket(addr_info: aiohttp.AddrInfoType) -> socket.socket:
    """A socket for ``addr_info`` if its address is public; else RefusedAddressError.

    The TCPConnector's ``socket_factory``: it sees the address the socket will connect to,
    after any resolution, so nothing reaches a private address, however it was written.
    """
    family, type_, proto, _, address = addr_info
    host = str(address[0])
    if not is_public_address(host):
        raise RefusedAddressError(host)
    return socket.socket(family=family, type=type_, proto=proto)


class PublicOnlyResolver(AbstractResolver):
    """A resolver that refuses to connect to non-public addresses."""

    def __init__(self, inner: AbstractResolver | None = None) -> None:
        self._inner = inner or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        try:
            results = await self._inner.resolve(host, port, family)
        except OSError as exc:
            raise FetchError(
                f"cannot resolve host: {host}", key="error-unreachable", url=host
            ) from exc
        for r in results:
            if not is_public_address(r["host"]):
                raise UnsafeUrlError(
                    f"refused: {host} points at a private address",
                    key="error-private-address",
                    host=host,
                )
        return results

    async def close(self) -> None:
        await self._inner.close()


# A host name after IDNA, as DNS takes it (underscores occur in real names). Anything else
# (spaces, "%", control characters) is no host any resolver should be asked about.
_HOST_NAME = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?")
# What inet_aton may read as an IPv4 address: decimal, octal and 0x-hex parts, dotted.
_IPV4_NUMBERS = re.compile(r"[0-9A-Fa-fXx]+(?:\.[0-9A-Fa-fXx]+){0,3}")


def check_url(url: str, *, allow_private: bool = False) -> str:
    """Validate a URL's scheme and host as aiohttp will read them; returns it in normal form.

    The normal form is yarl's (the one aiohttp requests): IDNA and NFKC applied to the host,
    an IPv4 literal in any form the C library accepts rewritten as a dotted quad. Store and
    fetch that form, so the URL that was checked is the one that is used.
    """
    try:
        parsed = yarl.URL(url.strip())
        host = parsed.raw_host or ""
        shown = parsed.host or host  # IDNA decoded: what the user wrote, in normal form
    except (ValueError, TypeError):  # UnicodeError (IDNA) is a ValueError
        raise UnsafeUrlError(
            f"not a valid URL: {url[:100]}", key="error-bad-url", url=url[:100]
        ) from None
    if parsed.scheme not in {"http", "https"}:
        raise UnsafeUrlError("only http and https links are supported", key="error-scheme")
    literal = ip_literal(host)
    if literal is None and not _HOST_NAME.fullmatch(host):  # also spaces, %, empty
        raise UnsafeUrlError(f"not a valid URL: {url[:100]}", key="error-bad-url", url=url[:100])
    if not allow_private:
        if literal is not None and not is_public_address(str(literal)):
            named = "" if str(literal) == shown else f" ({literal})"
            raise UnsafeUrlError(
                f"refused: {shown}{named} is a private address",
                key="error-private-address",
                host=shown,
            )
        name = host.rstrip(".")
        if name == "localhost" or name.endswith((".localhost", ".local", ".internal")):
            raise UnsafeUrlError(
                f"refused: {shown} is a private address", key="error-private-address", host=shown
            )
    if isinstance(literal, ipaddress.IPv4Address) and host != str(literal):
        parsed = parsed.with_host(str(literal))  # 2130706433, 127.1, "127.0.0.1."
    return str(parsed)


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a URL host names literally, in any form the resolver would take; or None.

    ``host`` is yarl's ``raw_host``. IPv4 forms: the dotted quad, and what ``inet_aton``
    accepts (``2130706433``, ``127.1``, ``0177.0.0.1``, ``0x7f.1``, ``0``), each with an
    optional trailing dot. IPv6: with or without a zone (``fe80::1%25eth0``).
    """
    bare = host.rstrip(".").split("%", 1)[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if not _IPV4_NUMBERS.fullmatch(bare):  # inet_aton also takes "1.2.3.4 anything"
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(bare))
    except (OSError, ValueError):  # ValueError: an embedded NUL
        return None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return None


async def _read_capped(resp: aiohttp.ClientResponse, limit: int) -> bytes:
    encoding = resp.headers.get("Content-Encoding", "").lower()
    decoder: Any = None
    if encoding in {"gzip", "x-gzip"}:
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj()
    body = bytearray()
    async for chunk in resp.content.iter_chunked(_CHUNK):
        if decoder is None:
            body += chunk
        else:
            try:
                data = decoder.decompress(chunk, limit + 1 - len(body))
                body += data
                while decoder.unconsumed_tail and len(body) <= limit:
                    body += decoder.decompress(decoder.unconsumed_tail, limit + 1 - len(body))
            except zlib.error as exc:
                raise FetchError(
                    "the page's compressed body is corrupt", key="error-corrupt"
                ) from exc
        if len(body) > limit:
            raise TooLargeError(len(body), limit)
    return bytes(body)


async def fetch(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = MAX_PAGE_BYTES,
    timeout: float = TIMEOUT_SECONDS,  # noqa: ASYNC109 (applies to the whole redirect chain)
    accept: tuple[str, ...] = TEXT_TYPES,
    session: aiohttp.ClientSession | None = None,
    resolver: AbstractResolver | None = None,
    headers: Mapping[str, str] | None = None,
    what: str = "link",
) -> FetchedPage:
    """GET a page safely, following at most MAX_REDIRECTS redirects, each one checked.

    ``headers`` are sent with the request (``If-None-Match`` for a conditional GET: a 304
    answer comes back as a page with ``status`` 304 and no body). A passed ``session``
    must come from ``new_session``: its resolver is what refuses private addresses.

    Raises:
        UnsafeUrlError: bad scheme or a private address (unless ``allow_private``).
        FetchError: network failure, timeout, HTTP error status.
        TooLargeError: more than ``max_bytes`` after decompression.
        BinaryContentError: a content type that is not text, HTML or a feed.
    """
    own = session is None
    if session is None:
        session = new_session(allow_private=allow_private, timeout=timeout, resolver=resolver)
    try:
        async with asyncio.timeout(timeout):
            return await _fetch(
                session,
                url,
                allow_private=allow_private,
                max_bytes=max_bytes,
                accept=accept,
                headers=headers or {},
                what=what,
            )
    except TimeoutError:
        raise FetchError(
            f"timed out after {timeout:g} s: {_short(url)}", key="error-timeout", url=_short(url)
        ) from None
    except aiohttp.ClientConnectorError as exc:
        if isinstance(exc.os_error, RefusedAddressError):  # refused by public_socket
            refused = exc.os_error
            raise UnsafeUrlError(
                refused.message, key="error-private-address", host=refused.address
            ) from None
        raise FetchError(
            f"cannot fetch {_short(url)}: {type(exc).__name__}",
            key="error-unreachable",
            url=_short(url),
        ) from None
    except aiohttp.ClientError as exc:
        raise FetchError(
            f"cannot fetch {_short(url)}: {type(exc).__name__}",
            key="error-unreachable",
            url=_short(url),
        ) from None
    finally:
        if own:
            await session.close()


def new_session(
    *,
    allow_private: bool = False,
    limit: int = 10,
    timeout: float = TIMEOUT_SECONDS,
    resolver: AbstractResolver | None = None,
) -> aiohttp.ClientSession:
    """A client session with the safety rules: public addresses only unless ``allow_private``.

    The resolver refuses private answers for names; the socket factory refuses a private
    address whatever led to it, IP literals included (aiohttp never resolves those).
    """
    if allow_private:
        connector = aiohttp.TCPConnector(resolver=resolver, limit=limit)
    else:
        connector = aiohttp.TCPConnector(
            resolver=PublicOnlyResolver(resolver), socket_factory=public_socket, limit=limit
        )
    return aiohttp.ClientSession(
        connector=connector,
        auto_decompress=False,  # _read_capped decompresses within the size cap
        timeout=aiohttp.ClientTimeout(total=timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    )


def _short(url: str) -> str:
    return url if len(url) <= SHORT_URL else url[: SHORT_URL - 3] + "..."


async def _fetch(
    session: aiohttp.ClientSession,
    url: str,
    *,
    allow_private: bool,
    max_bytes: int,
    accept: tuple[str, ...],
    headers: Mapping[str, str],
    what: str,
) -> FetchedPage:
    current = check_url(url, allow_private=allow_private)
    moved_to: str | None = None
    permanent = True  # every redirect so far was permanent
    for _ in range(MAX_REDIRECTS + 1):
        async with session.get(current, allow_redirects=False, headers=headers) as resp:
            if resp.status in {301, 302, 303, 307, 308}:
                location = resp.headers.get("Location")
                if not location:
                    raise FetchError(f"redirect without a location: {_short(current)}")
                current = check_url(urljoin(current, location), allow_private=allow_private)
                permanent = permanent and resp.status in {301, 308}
                if permanent:
                    moved_to = current
                continue
            etag = resp.headers.get("ETag")
            last_modified = resp.headers.get("Last-Modified")
            if resp.status == 304:  # noqa: PLR2004 (HTTP Not Modified)
                return FetchedPage(
                    url=url,
                    final_url=current,
                    content_type="",
                    body=b"",
                    status=304,
                    etag=etag or headers.get("If-None-Match"),
                    last_modified=last_modified or headers.get("If-Modified-Since"),
                    moved_to=moved_to,
                )
            if resp.status >= 400:  # noqa: PLR2004 (HTTP's own boundary)
                raise FetchError(
                    f"the site answered HTTP {resp.status}: {_short(current)}",
                    key="error-http",
                    status=resp.status,
                    url=_short(current),
                )
            content_type = resp.headers.get("Content-Type", "")
            mime = content_type.split(";")[0].strip().lower()
            if mime and mime not in accept:
                raise BinaryContentError(what, mime=mime)
            declared = resp.content_length
            if (
                declared is not None
                and declared > max_bytes
                and not resp.headers.get("Content-Encoding")
            ):
                raise TooLargeError(declared, max_bytes)
            body = await _read_capped(resp, max_bytes)
            return FetchedPage(
                url=url,
                final_url=current,
                content_type=mime,
                body=body,
                charset=_charset(content_type),
                status=resp.status,
                etag=etag,
                last_modified=last_modified,
                moved_to=moved_to,
            )
    raise FetchError(f"too many redirects: {_short(url)}", key="error-redirects", url=_short(url))


def fetch_sync(url: str, **kwargs: Any) -> FetchedPage:
    """``fetch`` for synchronous callers (the CLI)."""
    return asyncio.run(fetch(url, **kwargs))
