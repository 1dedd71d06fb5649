"""Error tree. Each error's ``str()`` is a one-line message fit to show a user.

That English line is what the CLI prints and the log keeps. In chat an error is told in the
chat's language: ``key`` names its message in bot/locales (with ``params``), and an error
without a key is shown as its English line.
"""

from __future__ import annotations

Param = str | int | float


class NewsbriefError(Exception):
    """Base of every error the bot explains to its user in one line."""

    key: str | None = None  # the class's message in bot/locales; an instance may name another

    def __init__(self, message: str, *, key: str | None = None, **params: Param) -> None:
        super().__init__(message)
        self.message = message
        self.key = key or type(self).key
        self.params = params

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses build their message from other arguments: pickle (for the analysis
        # worker process) the finished message, not the constructor's arguments.
        return (_rebuild, (type(self), self.message, self.key, self.params))


def _rebuild(
    cls: type[NewsbriefError], message: str, key: str | None, params: dict[str, Param]
) -> NewsbriefError:
    error = cls.__new__(cls)
    NewsbriefError.__init__(error, message, key=key, **params)
    return error


class InputError(NewsbriefError):
    """The input cannot be turned into an article."""


class EmptyTextError(InputError):
    key = "error-empty-text"

    def __init__(self) -> None:
        super().__init__("empty text: there is nothing to summarise")


class BinaryContentError(InputError):
    key = "error-binary"

    def __init__(self, what: str = "input", *, mime: str | None = None) -> None:
        if mime is None:
            super().__init__(f"binary content: the {what} is not text or HTML")
        else:  # the type a site declared: quoted as sent (escaped when shown)
            shown = f"{what} ({mime})"
            super().__init__(
                f"binary content: the {shown} is not text or HTML",
                key="error-binary-type",
                type=mime,
            )


class TooLargeError(InputError):
    key = "error-too-large"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"too large: {size:,} bytes, the limit is {limit:,} bytes",
            megabytes=round(limit / 1_000_000, 1),
        )


class NoSentencesError(InputError):
    key = "error-no-sentences"

    def __init__(self) -> None:
        super().__init__("no sentences: the text has no sentence punctuation to summarise")


class NoArticleError(InputError):
    key = "error-no-article"

    def __init__(self) -> None:
        super().__init__("no article text found: the page holds only menus, links or captions")


class UnsupportedLanguageError(InputError):
    key = "error-unsupported-language"

    def __init__(self, lang: str) -> None:
        super().__init__(f"unsupported language: {lang}", lang=lang)
        self.lang = lang


class FetchError(NewsbriefError):
    """A URL could not be fetched."""

    key = "error-fetch"


class UnsafeUrlError(FetchError):
    """The URL points somewhere the bot must not go (scheme, private address)."""

    key = "error-unsafe-url"


class StorageError(NewsbriefError):
    """The database could not read or write: disk full, locked, I/O error, damaged file.

    Its message is a fixed line naming the condition, never SQL or file contents.
    """

    key = "error-storage"
