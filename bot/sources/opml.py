"""OPML import and export of feed lists.

Parsing uses expat directly and refuses any DOCTYPE: OPML never needs one, and refusing it
closes entity expansion ("billion laughs") and external entities without defusedxml.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from xml.parsers import expat

from bot.errors import InputError

# An OPML list of a few thousand feeds is well under 1 MB.
MAX_OPML_BYTES = 5 * 1024 * 1024
OPML_TITLE = "newsbrief feeds"


class OpmlError(InputError):
    """The file is not an OPML feed list we can read."""

    key = "error-opml"

    def __init__(self, why: str) -> None:
        super().__init__(f"not a valid OPML file: {why}")


class _Refused(Exception):
    """Raised inside expat callbacks to stop on a DOCTYPE or entity declaration."""


def parse_opml(data: bytes) -> list[tuple[str, str | None]]:
    """Feed URLs and titles of every outline with an ``xmlUrl``, nested ones included.

    Order is the document's; a URL listed twice is kept once.
    """
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"larger than {MAX_OPML_BYTES:,} bytes")
    feeds: dict[str, str | None] = {}
    root: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if not root:
            root.append(name)
        if name != "outline":
            return
        lowered = {k.lower(): v for k, v in attrs.items()}
        url = lowered.get("xmlurl", "").strip()
        if url and url not in feeds:
            title = (lowered.get("title") or lowered.get("text") or "").strip()
            feeds[url] = title or None

    def refuse(*_: object) -> None:
        raise _Refused

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused:
        raise OpmlError("DOCTYPE and entity declarations are not allowed") from None
    except expat.ExpatError as exc:
        raise OpmlError(expat.errors.messages[exc.code]) from None
    if root != ["opml"]:
        raise OpmlError("the root element is not <opml>")
    return list(feeds.items())


def build_opml(feeds: Sequence[tuple[str, str | None]]) -> bytes:
    """An OPML 2.0 document listing the feeds (UTF-8, with an XML declaration)."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = OPML_TITLE
    body = ET.SubElement(opml, "body")
    for url, title in feeds:
        label = title or url
        ET.SubElement(body, "outline", type="rss", text=label, title=label, xmlUrl=url)
    ET.indent(opml)
    document: bytes = ET.tostring(opml, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
