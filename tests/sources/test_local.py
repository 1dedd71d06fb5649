"""Local input: size cap, binary refusal, decoding."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.errors import BinaryContentError, EmptyTextError, InputError, TooLargeError
from bot.sources.local import decode, read_file, read_stream


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        ("Привет, мир.".encode(), None, "Привет, мир."),
        ("Привет, мир.".encode("cp1251"), None, "Привет, мир."),
        ("\ufeffHello.".encode(), None, "Hello."),
        ("Hello, world.".encode("utf-16"), None, "Hello, world."),
        ("Привет.".encode("koi8-r"), "koi8-r", "Привет."),
        (b'<meta charset="windows-1251"><p>' + "Да.".encode("cp1251"), None,
         '<meta charset="windows-1251"><p>Да.'),
    ],
)  # fmt: skip
def test_decode(data: bytes, charset: str | None, expected: str) -> None:
    assert decode(data, charset) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7 binary",
        b"\x89PNG\r\n\x1a\n....",
        b"PK\x03\x04zipfile",
        bytes(range(256)) * 20,
        b"\x00\x01\x02\x03" * 1000,
    ],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryContentError):
        decode(data)


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyTextError):
        decode(data)


def test_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    with pytest.raises(TooLargeError, match="too large"):
        read_file(big)


def test_large_stream_is_refused() -> None:
    with pytest.raises(TooLargeError):
        read_stream(io.BytesIO(b"x" * 101), limit=100)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a file"):
        read_file(tmp_path)
