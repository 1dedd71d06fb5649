"""Error tree. Each error's ``str()`` is a one-line message fit to show a user."""

from __future__ import annotations


class NewsbriefError(Exception):
    """Base of every error the bot explains to its user in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses build their message from other arguments: pickle (for the analysis
        # worker process) the finished message, not the constructor's arguments.
        return (_rebuild, (type(self), self.message))


def _rebuild(cls: type[NewsbriefError], message: str) -> NewsbriefError:
    error = cls.__new__(cls)
    NewsbriefError.__init__(error, message)
    return error


class InputError(NewsbriefError):
    """The input cannot be turned into an article."""


class EmptyTextError(InputError):
    def __init__(self) -> None:
        super().__init__("empty text: there is nothing to summarise")


class BinaryContentError(InputError):
    def __init__(self, what: str = "input") -> None:
        super().__init__(f"binary content: the {what} is not text or HTML")


class TooLargeError(InputError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"too large: {size:,} bytes, the limit is {limit:,} bytes")


class NoSentencesError(InputError):
    def __init__(self) -> None:
        super().__init__("no sentences: the text has no sentence punctuation to summarise")


class NoArticleError(InputError):
    def __init__(self) -> None:
        super().__init__("no article text found: the page holds only menus, links or captions")


class UnsupportedLanguageError(InputError):
    def __init__(self, lang: str) -> None:
        super().__init__(f"unsupported language: {lang}")
        self.lang = lang


class FetchError(NewsbriefError):
    """A URL could not be fetched."""


class UnsafeUrlError(FetchError):
    """The URL points somewhere the bot must not go (scheme, private address)."""


class StorageError(NewsbriefError):
    """The database could not read or write: disk full, locked, I/O error, damaged file.

    Its message is a fixed line naming the condition, never SQL or file contents.
    """
