"""Local input: files and standard input, read within a size cap and decoded to text."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import BinaryIO

from bot.errors import BinaryContentError, EmptyTextError, InputError, TooLargeError

# Largest input we analyse. News articles are a few dozen KB; whole saved pages reach a few
# MB with inline scripts and styles. Beyond this it is not an article.
MAX_INPUT_BYTES = 10 * 1024 * 1024
# Share of control characters (other than tab/newline/CR/FF) above which bytes are binary.
MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


def read_file(path: Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a file, refusing one larger than ``limit`` before reading it."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise TooLargeError(size, limit)
        with path.open("rb") as fh:
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"not a file: {path}") from None
    except PermissionError:
        raise InputError(f"cannot read file: {path}") from None


def read_stream(stream: BinaryIO, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a stream (stdin), refusing more than ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(len(data), limit)
    return data


def decode(data: bytes, charset: str | None = None) -> str:
    """Decode bytes of text or HTML; binary data and empty input are errors."""
    if not data.strip():
        raise EmptyTextError
    if data[:4] in {b"%PDF", b"\x89PNG", b"PK\x03\x04", b"GIF8"} or data[:3] == b"\xff\xd8\xff":
        raise BinaryContentError("file")
    candidates = []
    if data.startswith(codecs.BOM_UTF8):
        candidates.append("utf-8-sig")
    elif data[:2] in {codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE}:
        candidates.append("utf-16")
    if charset:
        candidates.append(charset)
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "cp1251"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
            raise BinaryContentError("file")
        return text
    raise BinaryContentError("file")
