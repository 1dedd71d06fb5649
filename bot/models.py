"""Frozen dataclasses that cross pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

EntityType = Literal["PER", "LOC", "ORG"]
EntityKind = Literal["person", "org", "place"]

KIND_OF_TYPE: dict[str, EntityKind] = {"PER": "person", "ORG": "org", "LOC": "place"}


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """Bytes of one HTTP response, after redirects, within the size cap."""

    url: str
    final_url: str
    content_type: str
    body: bytes
    charset: str | None = None
    status: int = 200  # 304 when a conditional GET found nothing new (body empty)
    etag: str | None = None
    last_modified: str | None = None
    # Where the URL moved for good: the target of the redirects that began the chain while
    # every one was permanent (301, 308); None if the first hop was temporary or none.
    moved_to: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """Clean article text with what is known about it, ready for analysis."""

    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    author: str | None = None
    lang: str | None = None
    source_name: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a verbatim slice ``text[start:end]`` of the article text."""

    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a named entity; ``normal`` is the entity's canonical name."""

    start: int
    end: int
    type: EntityType
    text: str
    normal: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place of the story, with every mention of it."""

    name: str
    type: EntityType
    mentions: tuple[Mention, ...]
    role: str | None = None
    score: float = 0.0

    @property
    def kind(self) -> EntityKind:
        return KIND_OF_TYPE[self.type]


@dataclass(frozen=True, slots=True)
class Quote:
    """Something said: the words (direct or reported) and who said them."""

    text: str
    direct: bool
    start: int
    end: int
    speaker: str | None = None  # None = unattributed; never guessed
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where the article came from."""

    name: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """The extractive summary of one article and its fact line."""

    lang: str
    title: str | None
    sentences: tuple[str, ...]
    who: tuple[Entity, ...]
    where: tuple[str, ...]
    when: tuple[str, ...]
    quotes: tuple[Quote, ...]
    source: Source
    version: int
    text: str = ""
    mentions: tuple[Mention, ...] = field(default=())
    title_mentions: tuple[Mention, ...] = field(default=())  # offsets into ``title``
