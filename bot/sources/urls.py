"""Canonical article URLs, so that one article reached by several links is stored once."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

# Query parameters that track the click, not select the page. utm_* is matched by prefix.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",  # Facebook
        "gclid",  # Google Ads
        "dclid",  # Google Display
        "yclid",  # Yandex Direct
        "msclkid",  # Microsoft Ads
        "igshid",  # Instagram
        "mc_cid",  # Mailchimp
        "mc_eid",
        "_openstat",  # Yandex
    }
)
TRACKING_PREFIXES = ("utm_",)
# ?amp, ?amp=1, ?outputType=amp: the AMP rendering of the same article.
AMP_PARAMS = frozenset({"amp", "outputtype"})
AMP_VALUES = frozenset({"", "1", "true", "amp"})

DEFAULT_PORTS = {"http": 80, "https": 443}

# Google's AMP cache: https://www-example-com.cdn.ampproject.org/c/s/www.example.com/path
# ("/c/" a page, "/v/" a viewer, "/s/" https).
_AMP_CACHE_PATH = re.compile(r"^/[cv]/(s/)?(?P<rest>[^/].*)$")
_AMP_CACHE_HOST = ".cdn.ampproject.org"


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL: no tracking, fragment, AMP or trailing slash.

    Lowercases the scheme and host, drops default ports, utm_* / fbclid / gclid / yclid
    (and similar) parameters, AMP variants (``/amp/`` segments, ``.amp`` suffixes,
    ``?amp=1``, Google's AMP cache) and empty path segments (``//``, the trailing slash).
    ``amp.`` hosts are kept: the result is also the link users follow, and the plain host
    may not serve the article.
    Other URLs come back with only surrounding whitespace removed.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[<b>/": no URL at all, and fetching it is refused
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower()
    path = parts.path
    if host.endswith(_AMP_CACHE_HOST):
        cached = _AMP_CACHE_PATH.match(path)
        if cached is not None:
            inner = ("https://" if cached.group(1) else "http://") + cached.group("rest")
            if parts.query:
                inner += "?" + parts.query
            return canonical_url(inner)
    netloc = _netloc(host, parts, scheme)
    return urlunsplit((scheme, netloc, _canonical_path(path), _canonical_query(parts.query), ""))


def _netloc(host: str, parts: SplitResult, scheme: str) -> str:
    try:
        port = parts.port
    except ValueError:  # a port out of range or not a number: keep what was written
        port = None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    return netloc


def _canonical_path(path: str) -> str:
    segments = [s for s in path.split("/") if s]  # also collapses "//" and the trailing "/"
    # "amp" as the first or last segment (/amp/story, /story/amp/): the AMP rendering.
    # Elsewhere it may be a real word of the path (/tags/amp/guitars), so it stays.
    if segments and segments[-1].lower() == "amp":
        segments.pop()
    if segments and segments[0].lower() == "amp":
        segments.pop(0)
    if segments:
        stem, dot, ext = segments[-1].rpartition(".")
        if dot and stem.lower().endswith(".amp"):  # story.amp.html -> story.html
            segments[-1] = stem[: -len(".amp")] + "." + ext
        elif dot and ext.lower() == "amp":  # story.amp -> story
            segments[-1] = stem
    return "/" + "/".join(segments) if segments else ""


def _canonical_query(query: str) -> str:
    kept: list[str] = []
    for pair in query.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        name = unquote(key).lower()
        if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES):
            continue
        if name in AMP_PARAMS and unquote(value).lower() in AMP_VALUES:
            continue
        kept.append(pair)
    return "&".join(kept)
