"""Feed autodiscovery: the feeds an HTML page names in ``<link rel="alternate">``.

Pure: the page's bytes (already fetched within the size cap) and its URL in, feed URLs out.
lxml's HTML parser never expands entities from a DTD, loads nothing from the network and
recovers from broken markup; a page it cannot read names no feed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree  # type: ignore[import-untyped]

# The types a feed link declares (RSS, Atom, JSON Feed; some sites label a JSON Feed
# plain application/json), in the order they are tried: the XML feeds first, as the
# poller reads them best, and application/json last, since WordPress gives its REST API
# that type too (that candidate is fetched and found not to be a feed).
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
)
# A page lists a feed or two (posts, comments); each candidate tried costs a fetch.
MAX_CANDIDATES = 4
# <link> elements looked at: they sit in the head; a page of thousands is hostile.
MAX_LINKS = 200
_HREF_CHARS = 2048


def _parser() -> Any:
    return etree.HTMLParser(
        recover=True, no_network=True, remove_comments=True, remove_pis=True, compact=True
    )


def _base(root: Any, page_url: str) -> str:
    for element in root.iter("base"):
        href = (element.get("href") or "").strip()
        try:
            joined: str = urljoin(page_url, href)
            if href and urlsplit(joined).scheme in {"http", "https"}:
                return joined
        except ValueError:  # a malformed IPv6 literal, say
            pass
        break
    return page_url


def feed_links(html: bytes, page_url: str) -> list[str]:
    """Absolute http(s) URLs of the feeds the page declares, best first, at most a few.

    ``page_url`` is where the page came from (after redirects): relative links are resolved
    against it, or against the page's ``<base href>``.
    """
    if not html.strip():
        return []
    try:
        root = etree.fromstring(html, _parser())
    except (etree.LxmlError, ValueError):
        return []
    if root is None:
        return []
    base = _base(root, page_url)
    found: dict[str, int] = {}  # URL -> rank of its type
    for seen, element in enumerate(root.iter("link")):
        if seen >= MAX_LINKS:
            break
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").split(";")[0].strip().lower()
        href = (element.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href:
            continue
        if len(href) > _HREF_CHARS:
            continue
        try:
            url = urljoin(base, href)
            scheme = urlsplit(url).scheme
        except ValueError:  # a malformed IPv6 literal, say
            continue
        if scheme not in {"http", "https"} or url in found:
            continue
        found[url] = FEED_TYPES.index(kind)
    ranked = sorted(found, key=lambda url: found[url])  # stable: page order within a type
    return ranked[:MAX_CANDIDATES]
