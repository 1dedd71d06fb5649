"""Safe HTTP GET: http(s) only, no private addresses (also after redirects), capped, timed.

Every host is resolved by our own resolver, which refuses private, loopback, link-local,
multicast and reserved addresses, so a redirect or a DNS answer cannot point the bot at
the machine it runs on or its network. Bodies are decompressed by us, within the size
cap, so a gzip bomb stops at the cap instead of filling memory.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import zlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
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


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


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
            raise FetchError(f"cannot resolve host: {host}") from exc
        for r in results:
            if not is_public_address(r["host"]):
                raise UnsafeUrlError(f"refused: {host} points at a private address")
        return results

    async def close(self) -> None:
        await self._inner.close()


def check_url(url: str, *, allow_private: bool = False) -> str:
    """Validate a URL's scheme and literal host; returns the URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise UnsafeUrlError(f"not a valid URL: {url[:100]}") from None
    if parts.scheme not in {"http", "https"}:
        raise UnsafeUrlError("only http and https links are supported")
    host = parts.hostname
    if not host:
        raise UnsafeUrlError(f"not a valid URL: {url[:100]}")
    if not allow_private:
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None and not is_public_address(str(literal)):
            raise UnsafeUrlError(f"refused: {host} is a private address")
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            raise UnsafeUrlError(f"refused: {host} is a private address")
    return url


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
                raise FetchError("the page's compressed body is corrupt") from exc
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
        raise FetchError(f"timed out after {timeout:g} s: {_short(url)}") from None
    except aiohttp.ClientError as exc:
        raise FetchError(f"cannot fetch {_short(url)}: {type(exc).__name__}") from None
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
    """A client session with the safety rules: public addresses only unless ``allow_private``."""
    connector = aiohttp.TCPConnector(
        resolver=resolver if allow_private else PublicOnlyResolver(resolver), limit=limit
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
    for _ in range(MAX_REDIRECTS + 1):
        async with session.get(current, allow_redirects=False, headers=headers) as resp:
            if resp.status in {301, 302, 303, 307, 308}:
                location = resp.headers.get("Location")
                if not location:
                    raise FetchError(f"redirect without a location: {_short(current)}")
                current = check_url(urljoin(current, location), allow_private=allow_private)
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
                )
            if resp.status >= 400:  # noqa: PLR2004 (HTTP's own boundary)
                raise FetchError(f"the site answered HTTP {resp.status}: {_short(current)}")
            content_type = resp.headers.get("Content-Type", "")
            mime = content_type.split(";")[0].strip().lower()
            if mime and mime not in accept:
                raise BinaryContentError(f"{what} ({mime})")
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
            )
    raise FetchError(f"too many redirects: {_short(url)}")


def fetch_sync(url: str, **kwargs: Any) -> FetchedPage:
    """``fetch`` for synchronous callers (the CLI)."""
    return asyncio.run(fetch(url, **kwargs))
