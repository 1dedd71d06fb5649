"""A fake Telegram Bot API on 127.0.0.1 that enforces Telegram's rules.

aiohttp serves ``/bot<token>/<method>`` like api.telegram.org: ``getMe``, ``getUpdates``
(long polling over a queue the test fills), ``sendMessage`` (1 to 4096 UTF-16 code units after
entity parsing; HTML parsed as Telegram's td does, so a bare "<", an unknown or unclosed tag is
a 400, and only &lt; &gt; &amp; &quot; and numeric entities are decoded; the parsed entities,
links with their URLs, are kept on ``Sent``), 429 with ``retry_after`` past about 30
messages/s overall or 1/s per chat, 403 for chats that blocked the bot, 400 for unknown chats),
``editMessageText`` (same text rules; 400 for a message it never sent), ``answerInlineQuery``
(at most 50 results, ids and next_offset of at most 64 bytes, each message text checked as
sendMessage's; accepted answers in ``inline_answers``), ``answerCallbackQuery``
and ``setMyCommands`` (recorded), ``getChatMember`` (statuses from ``members``, default
"member") and a few no-ops. ``push_my_chat_member`` queues the update Telegram sends when a
user blocks the bot or a group removes it.

Delivery tests get more of Telegram's behaviour:

- limits: 30 messages/s overall (1,000 with ``allow_paid_broadcast``), 1/s per private chat,
  20/min per group; a 429 carries the ``retry_after`` that would really be needed, and a
  request that comes back before a chat's (or the global) ``retry_after`` has passed is
  counted in ``violations``. ``limits=False`` turns every limit off.
- ``migrated``: a group upgraded to a supergroup answers 400 with ``migrate_to_chat_id``.
- ``faults``: sendMessage failures, from a script (``fail_next``) or at random rates
  (``Faults``): 500, 502 (an HTML page, like a proxy's), a hang, a connection dropped before
  the message is accepted, and one dropped after it was accepted (sent, but the bot never
  hears so); a scripted "429" is a flood wait of ``flood_wait`` seconds for that chat, and
  "accept_hang" accepts the message, then answers only after ``hang_seconds``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "blockquote", "tg-spoiler", "span", "tg-emoji",
}  # fmt: skip
MAX_TEXT = 4096
MAX_INLINE_RESULTS = 50  # answerInlineQuery's results
MAX_INLINE_BYTES = 64  # a result's id, and next_offset
GLOBAL_PER_SECOND = 30
PAID_PER_SECOND = 1000
CHAT_INTERVAL = 1.0
GROUP_PER_MINUTE = 20
FAULTS = ("500", "502", "hang", "drop", "drop_after", "429", "accept_hang")


@dataclass
class Faults:
    """Random sendMessage failures, each a probability per request (seeded: reproducible)."""

    p500: float = 0.0
    p502: float = 0.0
    hang: float = 0.0
    drop: float = 0.0
    drop_after: float = 0.0
    hang_seconds: float = 5.0
    seed: int = 0
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 (test faults, not secrets)

    def draw(self) -> str | None:
        """The fault for the next request, or None."""
        roll = self._rng.random()
        for name, p in (
            ("500", self.p500), ("502", self.p502), ("hang", self.hang),
            ("drop", self.drop), ("drop_after", self.drop_after),
        ):  # fmt: skip
            if roll < p:
                return name
            roll -= p
        return None


class EntityError(ValueError):
    """The text is not valid Telegram HTML."""


_SPACE = " \t\n\r\f\v"
_ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "code": "code", "pre": "pre", "blockquote": "blockquote", "tg-spoiler": "spoiler",
    "span": "spoiler", "tg-emoji": "custom_emoji", "a": "text_link",
}  # fmt: skip


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """The character an HTML entity at ``pos`` stands for and the position after it.

    Telegram's own rules (td's ``decode_html_entity``): only &lt; &gt; &amp; &quot; and
    numeric references, each with or without its semicolon; anything else stays as it is.
    """
    end = pos + 1
    if text[end : end + 1] == "#":
        end += 1
        hexadecimal = text[end : end + 1] == "x"
        end += hexadecimal
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        begin = end
        while end < len(text) and text[end] in digits:
            end += 1
        if end == begin or end - begin > 7:  # beyond U+10FFFF
            return None
        code = int(text[begin:end], 16 if hexadecimal else 10)
        if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}.get(text[pos + 1 : end])
        if named is None:
            return None
        char = named
    return char, end + 1 if text[end : end + 1] == ";" else end


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _attribute(text: str, i: int, tag: str, begin: int) -> tuple[int, str, str]:
    """One attribute of a start tag at ``i``: the position after it, its name and value."""
    n = len(text)
    name_begin = i
    while i < n and text[i] not in _SPACE and text[i] != "=":
        i += 1
    name = text[name_begin:i]
    if not name:
        raise EntityError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
    i = _skip_space(text, i)
    if i >= n or text[i] != "=":
        raise EntityError(f'Expected equal sign in the tag "{tag}" at byte offset {begin}')
    i = _skip_space(text, i + 1)
    if i >= n:
        raise EntityError(f'Unclosed start tag "{tag}" at byte offset {begin}')
    if text[i] not in "'\"":  # a name token: letters, digits, periods, hyphens
        token_begin = i
        while i < n and ((text[i].isascii() and text[i].isalnum()) or text[i] in ".-"):
            i += 1
        if i >= n or (text[i] not in _SPACE and text[i] != ">"):
            raise EntityError(f"Unexpected end of name token at byte offset {token_begin}")
        return i, name, text[token_begin:i].lower()
    quote = text[i]
    value: list[str] = []
    i += 1
    while i < n and text[i] != quote:
        decoded = _decode_entity(text, i) if text[i] == "&" else None
        if decoded is not None:
            value.append(decoded[0])
            i = decoded[1]
        else:
            value.append(text[i])
            i += 1
    if i >= n:
        raise EntityError(f"Unclosed start tag at byte offset {begin}")
    return i + 1, name, "".join(value)


def _start_tag(text: str, i: int) -> tuple[int, str, str]:
    """The start tag at ``i`` (a "<"): the position of its ">", its name and argument."""
    begin = i
    n = len(text)
    i += 1
    while i < n and text[i] not in _SPACE and text[i] != ">":
        i += 1
    if i >= n:
        raise EntityError(f"Unclosed start tag at byte offset {begin}")
    tag = text[begin + 1 : i].lower()
    if tag not in ALLOWED_TAGS:
        raise EntityError(f'Unsupported start tag "{tag}" at byte offset {begin}')
    argument = ""
    while True:
        i = _skip_space(text, i)
        if i >= n:
            raise EntityError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        if text[i] == ">":
            break
        i, name, value = _attribute(text, i, tag, begin)
        if (tag, name) in {("a", "href"), ("span", "class"), ("tg-emoji", "emoji-id")}:
            argument = value
    if tag == "a" and not argument:
        # Telegram would link the text itself; no code of ours means that.
        raise EntityError("Can't find end of the entity: link without href")
    if tag == "span" and argument != "tg-spoiler":
        raise EntityError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    return i, tag, argument


def _end_tag(text: str, i: int) -> tuple[int, str]:
    """The end tag at ``i`` (a "</"): the position of its ">" and its name ("" for "</>")."""
    begin = i
    i += 2
    while i < len(text) and text[i] not in _SPACE and text[i] != ">":
        i += 1
    name = text[begin + 2 : i].lower()
    i = _skip_space(text, i)
    if i >= len(text) or text[i] != ">":
        raise EntityError(f"Unclosed end tag at byte offset {begin}")
    return i, name


def parse_entities(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The text Telegram would show for HTML ``text`` and its entities (UTF-16 offsets).

    A port of td's ``parse_html``: every "<" opens a tag (a bare "<" is refused), only
    Telegram's tags, quoted or name-token attributes, entities decoded as Telegram does.
    EntityError carries Telegram's reason when it would answer 400.
    """
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    # Open tags: name, argument, UTF-16 offset of their text.
    stack: list[tuple[str, str, int]] = []
    offset = 0
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                offset += utf16_len(decoded[0])
                i = decoded[1]
                continue
        if char != "<":
            out.append(char)
            offset += utf16_len(char)
            i += 1
            continue
        if text[i + 1 : i + 2] != "/":
            i, tag, argument = _start_tag(text, i)
            stack.append((tag, argument, offset))
            i += 1
            continue
        if not stack:
            raise EntityError(f"Unexpected end tag at byte offset {i}")
        begin = i
        i, end_name = _end_tag(text, i)
        tag, argument, start = stack.pop()
        if end_name and end_name != tag:
            raise EntityError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", '
                f'found "</{end_name}>"'
            )
        if offset > start:
            entity: dict[str, Any] = {
                "type": _ENTITY_TYPES[tag], "offset": start, "length": offset - start,
            }  # fmt: skip
            if tag == "a":
                entity["url"] = argument
            entities.append(entity)
        i += 1
    if stack:
        raise EntityError(f"Can't find end tag corresponding to start tag {stack[-1][0]!r}")
    return "".join(out), entities


def parse_html(text: str) -> str:
    """The plain text Telegram would show for ``text``; EntityError if Telegram refuses it."""
    return parse_entities(text)[0]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Sent:
    chat_id: int
    text: str
    parse_mode: str | None
    message_id: int
    reply_markup: dict[str, Any] | None = None
    # What Telegram made of the HTML: bold, italic, text_link (with its "url"), ...
    entities: list[dict[str, Any]] = field(default_factory=list)
    thread_id: int | None = None  # the forum topic it was posted in (message_thread_id)

    def links(self) -> list[str]:
        """The URLs of the message's live links."""
        return [e["url"] for e in self.entities if e["type"] == "text_link"]

    def buttons(self) -> list[dict[str, Any]]:
        """The inline keyboard's buttons, row after row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]


@dataclass
class Edit:
    chat_id: int
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None = None


@dataclass
class InlineResult:
    """One result of an answerInlineQuery: an article and the message it would send."""

    id: str
    title: str
    description: str | None
    url: str | None
    text: str  # input_message_content.message_text, as the bot sent it
    parse_mode: str | None
    shown: str  # that text as Telegram would show it
    entities: list[dict[str, Any]] = field(default_factory=list)

    def links(self) -> list[str]:
        """The URLs of the message's live links."""
        return [e["url"] for e in self.entities if e["type"] == "text_link"]


@dataclass
class InlineAnswer:
    """An accepted answerInlineQuery."""

    query_id: str
    results: list[InlineResult]
    next_offset: str
    cache_time: int | None
    is_personal: bool | None
    button: dict[str, Any] | None


@dataclass
class SentDocument:
    chat_id: int
    file_name: str
    data: bytes
    caption: str | None
    message_id: int


def _markup(value: Any) -> dict[str, Any] | None:
    if value is None or value == "":
        return None
    markup = json.loads(value) if isinstance(value, str) else value
    return markup if isinstance(markup, dict) else None


@dataclass
class FakeTelegram:
    """The server's state; ``base_url`` is what TELEGRAM_API_URL should be."""

    token: str = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
    limits: bool = True
    sent: list[Sent] = field(default_factory=list)
    refused: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    unknown_chats: set[int] = field(default_factory=set)
    updates: deque[dict[str, Any]] = field(default_factory=deque)
    edits: list[Edit] = field(default_factory=list)
    answered: list[dict[str, Any]] = field(default_factory=list)
    # setMyCommands: language_code ("" for the default list) -> [(command, description)]
    commands: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # getChatMember: (chat_id, user_id) -> status ("creator", "administrator", ...)
    members: dict[tuple[int, int], str] = field(default_factory=dict)
    # Forum topics closed by the admins: (chat_id, message_thread_id) -> 400 TOPIC_CLOSED.
    closed_topics: set[tuple[int, int]] = field(default_factory=set)
    base_url: str = ""
    webhook: dict[str, str] | None = None  # setWebhook's url and secret_token
    # A group upgraded to a supergroup: old chat id -> new chat id.
    migrated: dict[int, int] = field(default_factory=dict)
    faults: Faults | None = None
    # Faults for the next sendMessage requests, in order, before any random ones.
    fail_next: deque[str] = field(default_factory=deque)
    injected: list[str] = field(default_factory=list)  # every fault actually injected
    violations: int = 0  # requests that came back before their retry_after had passed
    clock: Callable[[], float] = time.monotonic  # for the limits; a test may pass a virtual one
    _penalty_until: dict[int, float] = field(default_factory=dict)
    _global_penalty_until: float = 0.0
    _group_sends: dict[int, deque[float]] = field(default_factory=dict)
    hang_seconds: float = 5.0
    flood_wait: int = 2  # retry_after of a scripted "429"
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _sends: deque[float] = field(default_factory=deque)
    _last_by_chat: dict[int, float] = field(default_factory=dict)
    _new_update: asyncio.Event = field(default_factory=asyncio.Event)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    _runner: web.AppRunner | None = None
    # Files users sent (getFile and /file/bot<token>/<path> serve them): file_id -> bytes.
    files: dict[str, bytes] = field(default_factory=dict)
    documents: list[SentDocument] = field(default_factory=list)  # sendDocument
    inline_answers: list[InlineAnswer] = field(default_factory=list)  # answerInlineQuery

    # ------------------------------------------------------------ test side

    def push_message(
        self,
        chat_id: int,
        text: str,
        *,
        language_code: str = "ru",
        user_id: int | None = None,
        chat_type: str = "private",
    ) -> None:
        """Queue an incoming message from a user, in a private chat or a group."""
        uid = user_id or chat_id
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type),
            "from": {
                "id": uid,
                "is_bot": False,
                "first_name": "Test",
                "language_code": language_code,
            },
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        self.updates.append({"update_id": next(self._update_ids), "message": message})
        self._new_update.set()

    def push_my_chat_member(
        self,
        chat_id: int,
        new_status: str,
        *,
        old_status: str = "member",
        chat_type: str = "private",
    ) -> None:
        """Queue the bot's own membership change: "kicked" is a user blocking the bot."""
        bot = {"id": int(self.token.split(":", 1)[0]), "is_bot": True, "first_name": "newsbrief"}
        user_id = chat_id if chat_type == "private" else 1
        update = {
            "chat": self._chat(chat_id, chat_type),
            "from": {"id": user_id, "is_bot": False, "first_name": "Test"},
            "date": int(time.time()),
            "old_chat_member": self._member(bot, old_status),
            "new_chat_member": self._member(bot, new_status),
        }
        self.updates.append({"update_id": next(self._update_ids), "my_chat_member": update})
        self._new_update.set()

    @staticmethod
    def _chat(chat_id: int, chat_type: str) -> dict[str, Any]:
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": "Test"}
        return {"id": chat_id, "type": chat_type, "title": "Test group"}

    @staticmethod
    def _member(user: dict[str, Any], status: str) -> dict[str, Any]:
        """A ChatMember of this status with the fields Telegram always sends for it."""
        member: dict[str, Any] = {"status": status, "user": user}
        if status == "kicked":
            member["until_date"] = 0
        elif status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member |= {
                "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                "can_delete_messages": True, "can_manage_video_chats": True,
                "can_restrict_members": True, "can_promote_members": False,
                "can_change_info": True, "can_invite_users": True, "can_post_stories": False,
                "can_edit_stories": False, "can_delete_stories": False,
                "can_send_welcome_messages": False,
            }  # fmt: skip
        elif status == "restricted":
            raise ValueError("restricted members are not modelled")
        return member

    def push_callback(
        self, chat_id: int, message_id: int, data: str, *, language_code: str = "ru"
    ) -> str:
        """Queue a press on an inline button of a message the bot sent; returns the query id."""
        shown = next(
            (
                s
                for s in reversed(self.sent)
                if s.message_id == message_id and s.chat_id == chat_id
            ),
            None,
        )
        if shown is None:
            raise KeyError(f"the bot sent no message {message_id} to chat {chat_id}")
        edits = [e for e in self.edits if e.message_id == message_id and e.chat_id == chat_id]
        text = parse_html(edits[-1].text if edits else shown.text)
        query_id = str(next(self._update_ids) * 1000)
        callback: dict[str, Any] = {
            "id": query_id,
            "from": {
                "id": chat_id,
                "is_bot": False,
                "first_name": "Test",
                "language_code": language_code,
            },
            "chat_instance": str(chat_id),
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
                "from": {"id": int(self.token.split(":", 1)[0]), "is_bot": True,
                         "first_name": "newsbrief"},
                "text": text,
            },
        }  # fmt: skip
        self.updates.append({"update_id": next(self._update_ids), "callback_query": callback})
        self._new_update.set()
        return query_id

    async def wait_edited(self, chat_id: int, count: int = 1, within: float = 60) -> list[Edit]:
        """Wait until the bot has edited ``count`` messages in ``chat_id``."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            got = [e for e in self.edits if e.chat_id == chat_id]
            if len(got) >= count:
                return got
            await asyncio.sleep(0.05)
        raise TimeoutError(f"chat {chat_id}: fewer than {count} edits")

    async def wait_sent(self, chat_id: int, count: int = 1, within: float = 60) -> list[Sent]:
        """Wait until the bot has sent ``count`` messages to ``chat_id``."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            got = [s for s in self.sent if s.chat_id == chat_id]
            if len(got) >= count:
                return got
            await asyncio.sleep(0.05)
        raise TimeoutError(f"chat {chat_id}: {len(self.sent_to(chat_id))} of {count} messages")

    def sent_to(self, chat_id: int) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    # ------------------------------------------------------------ server side

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        self._stopping.set()  # hung requests end now, not after hang_seconds
        if self._runner is not None:
            await self._runner.cleanup()

    @staticmethod
    def _error(code: int, description: str, **extra: Any) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if extra:
            body["parameters"] = extra
        return web.json_response(body, status=code)

    async def _dispatch(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params |= await request.json()
            else:
                params |= dict(await request.post())
        method = request.match_info["method"]
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return web.json_response({"ok": True, "result": True})
        if method == "sendMessage":
            response: web.Response = await self._m_sendMessage(params, request)
            return response
        result: web.Response = await handler(params)
        return result

    async def _m_getMe(self, _: dict[str, Any]) -> web.Response:
        bot_id = int(self.token.split(":", 1)[0])
        user = {"id": bot_id, "is_bot": True, "first_name": "newsbrief", "username": "nb_bot"}
        return web.json_response({"ok": True, "result": user})

    async def _m_getUpdates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset") or 0)
        while self.updates and self.updates[0]["update_id"] < offset:
            self.updates.popleft()
        if not self.updates:
            self._new_update.clear()
            timeout = min(float(params.get("timeout") or 0), 1.0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), timeout)
        return web.json_response({"ok": True, "result": list(self.updates)})

    def _next_fault(self) -> str | None:
        if self.fail_next:
            return self.fail_next.popleft()
        return self.faults.draw() if self.faults is not None else None

    async def _m_sendMessage(  # noqa: PLR0911 (one answer per fault)
        self, params: dict[str, Any], request: web.Request
    ) -> web.Response:
        fault = self._next_fault()
        if fault is not None:
            self.injected.append(fault)
        if fault == "500":
            return self._error(500, "Internal Server Error")
        if fault == "502":
            return web.Response(status=502, text="<html>502 Bad Gateway</html>")
        if fault == "hang":
            await self._hang()
            return self._error(500, "Internal Server Error")
        if fault == "drop":
            return self._drop(request)
        if fault == "429":  # Telegram's flood control, beyond the limits modelled here
            chat_id = int(params["chat_id"])
            self._penalty_until[chat_id] = self.clock() + self.flood_wait
            return self._refuse(
                "sendMessage", params, 429, f"Too Many Requests: retry after {self.flood_wait}",
                retry_after=self.flood_wait,
            )  # fmt: skip
        response = await self._send_message(params)
        if fault == "drop_after":
            return self._drop(request)
        if fault == "accept_hang":  # accepted, then no answer: the bot cannot know it went
            await self._hang()
        return response

    async def _hang(self) -> None:
        """No answer for ``hang_seconds``, or until the server stops."""
        seconds = self.faults.hang_seconds if self.faults else self.hang_seconds
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    @staticmethod
    def _drop(request: web.Request) -> web.Response:
        """Close the connection without an answer (the client sees a network error)."""
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500)  # never reaches the client

    def _limited(self, chat_id: int, params: dict[str, Any], now: float) -> float | None:
        """Seconds to wait when this send breaks a limit, else None (and the send counts)."""
        penalty = max(self._global_penalty_until, self._penalty_until.get(chat_id, 0.0))
        if now < penalty:  # back before retry_after had passed: refused again
            self.violations += 1
            return penalty - now
        if not self.limits:
            return None
        paid = str(params.get("allow_paid_broadcast", "")).lower() in {"true", "1"}
        while self._sends and now - self._sends[0] > 1:
            self._sends.popleft()
        if len(self._sends) >= (PAID_PER_SECOND if paid else GLOBAL_PER_SECOND):
            wait = max(1.0, 1 - (now - self._sends[0]))
            self._global_penalty_until = now + wait
            return wait
        if chat_id < 0:  # a group: 20 per minute
            recent = self._group_sends.setdefault(chat_id, deque())
            while recent and now - recent[0] > 60:
                recent.popleft()
            if len(recent) >= GROUP_PER_MINUTE:
                wait = 60 - (now - recent[0])
                self._penalty_until[chat_id] = now + wait
                return wait
            recent.append(now)
        else:
            last = self._last_by_chat.get(chat_id)
            if last is not None and now - last < CHAT_INTERVAL:
                wait = CHAT_INTERVAL - (now - last)
                self._penalty_until[chat_id] = now + wait
                return wait
        return None

    async def _send_message(self, params: dict[str, Any]) -> web.Response:  # noqa: PLR0911
        chat_id = int(params["chat_id"])
        text = str(params.get("text", ""))
        parse_mode = params.get("parse_mode")
        if chat_id in self.migrated:
            return self._refuse(
                "sendMessage", params, 400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=self.migrated[chat_id],
            )  # fmt: skip
        if chat_id in self.unknown_chats:
            return self._refuse("sendMessage", params, 400, "Bad Request: chat not found")
        if chat_id in self.blocked:
            return self._refuse(
                "sendMessage", params, 403, "Forbidden: bot was blocked by the user"
            )
        thread = params.get("message_thread_id")
        thread_id = None if thread in (None, "") else int(thread)
        if thread_id is not None and (chat_id, thread_id) in self.closed_topics:
            return self._refuse("sendMessage", params, 400, "Bad Request: TOPIC_CLOSED")
        parsed = self._shown_text("sendMessage", params)
        if isinstance(parsed, web.Response):
            return parsed
        shown, entities = parsed
        now = self.clock()
        wait = self._limited(chat_id, params, now)
        if wait is not None:
            seconds = max(1, math.ceil(wait))  # Telegram gives whole seconds
            return self._refuse(
                "sendMessage", params, 429, f"Too Many Requests: retry after {seconds}",
                retry_after=seconds,
            )  # fmt: skip
        self._sends.append(now)
        self._last_by_chat[chat_id] = now
        sent = Sent(
            chat_id,
            text,
            parse_mode,
            next(self._message_ids),
            _markup(params.get("reply_markup")),
            entities,
            thread_id,
        )
        self.sent.append(sent)
        result = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "text": shown,
        }
        return web.json_response({"ok": True, "result": result})

    async def _m_editMessageText(self, params: dict[str, Any]) -> web.Response:
        chat_id = int(params["chat_id"])
        message_id = int(params["message_id"])
        text = str(params.get("text", ""))
        parse_mode = params.get("parse_mode")
        if not any(s.chat_id == chat_id and s.message_id == message_id for s in self.sent):
            return self._refuse(
                "editMessageText", params, 400, "Bad Request: message to edit not found"
            )
        parsed = self._shown_text("editMessageText", params)
        if isinstance(parsed, web.Response):
            return parsed
        shown = parsed[0]
        markup = _markup(params.get("reply_markup"))
        if self._current(chat_id, message_id) == (text, markup):
            return self._refuse(
                "editMessageText", params, 400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup of "
                "the message",
            )  # fmt: skip
        self.edits.append(
            Edit(chat_id, message_id, text, parse_mode, _markup(params.get("reply_markup")))
        )
        result = {
            "message_id": message_id,
            "date": int(time.time()),
            "edit_date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "text": shown,
        }
        return web.json_response({"ok": True, "result": result})

    def _current(self, chat_id: int, message_id: int) -> tuple[str, dict[str, Any] | None]:
        """A message's text and keyboard as they are now (after its last edit)."""
        for edit in reversed(self.edits):
            if (edit.chat_id, edit.message_id) == (chat_id, message_id):
                return edit.text, edit.reply_markup
        sent = next(s for s in self.sent if (s.chat_id, s.message_id) == (chat_id, message_id))
        return sent.text, sent.reply_markup

    async def _m_setWebhook(self, params: dict[str, Any]) -> web.Response:
        self.webhook = {"url": str(params["url"]), "secret": str(params.get("secret_token", ""))}
        return web.json_response({"ok": True, "result": True})

    async def _m_setMyCommands(self, params: dict[str, Any]) -> web.Response:
        commands = params.get("commands", [])
        if isinstance(commands, str):
            commands = json.loads(commands)
        language_code = str(params.get("language_code") or "")
        self.commands[language_code] = [(c["command"], c["description"]) for c in commands]
        return web.json_response({"ok": True, "result": True})

    async def _m_getChatMember(self, params: dict[str, Any]) -> web.Response:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        if chat_id in self.unknown_chats:
            return self._refuse("getChatMember", params, 400, "Bad Request: chat not found")
        status = self.members.get((chat_id, user_id), "member")
        user = {"id": user_id, "is_bot": False, "first_name": "Test"}
        return web.json_response({"ok": True, "result": self._member(user, status)})

    async def _m_getFile(self, params: dict[str, Any]) -> web.Response:
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            return self._refuse("getFile", params, 400, "Bad Request: invalid file_id")
        result = {
            "file_id": file_id, "file_unique_id": file_id, "file_size": len(self.files[file_id]),
            "file_path": f"documents/{file_id}",
        }  # fmt: skip
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        file_id = path.removeprefix("documents/")
        if request.match_info["token"] != self.token or file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])

    async def _m_sendDocument(self, params: dict[str, Any]) -> web.Response:
        chat_id = int(params["chat_id"])
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document.removeprefix("attach://"))  # aiogram's upload form
        if not isinstance(document, web.FileField):
            return self._refuse("sendDocument", params, 400, "Bad Request: no document")
        caption = params.get("caption")
        sent = SentDocument(
            chat_id, document.filename, document.file.read(), caption, next(self._message_ids)
        )
        self.documents.append(sent)
        result = {
            "message_id": sent.message_id, "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "document": {"file_id": f"out{sent.message_id}", "file_unique_id": "u",
                         "file_name": document.filename},
        }  # fmt: skip
        return web.json_response({"ok": True, "result": result})

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> web.Response:
        self.answered.append(params)
        return web.json_response({"ok": True, "result": True})

    async def _m_answerInlineQuery(self, params: dict[str, Any]) -> web.Response:  # noqa: PLR0911
        """Telegram's checks: at most 50 results, ids of 1-64 bytes and unique, next_offset
        of at most 64 bytes, each article a title and a valid message text (as sendMessage's:
        HTML parsed, at most 4096 after parsing); a refusal is a 400."""
        method = "answerInlineQuery"
        results = params.get("results", [])
        if isinstance(results, str):
            results = json.loads(results)
        next_offset = str(params.get("next_offset") or "")
        if len(results) > MAX_INLINE_RESULTS:
            return self._refuse(method, params, 400, "Bad Request: RESULTS_TOO_MUCH")
        if len(next_offset.encode()) > MAX_INLINE_BYTES:
            return self._refuse(method, params, 400, "Bad Request: NEXT_OFFSET_INVALID")
        ids = [str(r.get("id", "")) for r in results]
        if any(not 1 <= len(i.encode()) <= MAX_INLINE_BYTES for i in ids):
            return self._refuse(method, params, 400, "Bad Request: RESULT_ID_INVALID")
        if len(set(ids)) != len(ids):
            return self._refuse(method, params, 400, "Bad Request: RESULT_ID_DUPLICATE")
        accepted: list[InlineResult] = []
        for result in results:
            content = result.get("input_message_content") or {}
            if result.get("type") != "article" or not str(result.get("title") or "").strip():
                return self._refuse(method, params, 400, "Bad Request: RESULT_TITLE_EMPTY")
            text = {"text": content.get("message_text", ""), "parse_mode": content.get(
                "parse_mode")}  # fmt: skip
            parsed = self._shown_text(method, text)
            if isinstance(parsed, web.Response):
                return parsed
            accepted.append(InlineResult(
                str(result["id"]), str(result["title"]), result.get("description"),
                result.get("url"), str(text["text"]), text["parse_mode"], *parsed,
            ))  # fmt: skip
        button = params.get("button")
        self.inline_answers.append(InlineAnswer(
            str(params.get("inline_query_id", "")), accepted, next_offset,
            None if params.get("cache_time") is None else int(params["cache_time"]),
            None if params.get("is_personal") is None
            else str(params["is_personal"]).lower() in {"true", "1"},
            json.loads(button) if isinstance(button, str) else button,
        ))  # fmt: skip
        return web.json_response({"ok": True, "result": True})

    def _shown_text(
        self, method: str, params: dict[str, Any]
    ) -> tuple[str, list[dict[str, Any]]] | web.Response:
        """The text as Telegram would show it and its entities, or Telegram's 400 for it.

        The length is counted as Telegram counts it: UTF-16 code units of the text after
        entity parsing, without its leading and trailing whitespace.
        """
        text = str(params.get("text", ""))
        if any("\ud800" <= c <= "\udfff" for c in text):  # no UTF-8 can carry these
            return self._refuse(method, params, 400, "Bad Request: text must be encoded in UTF-8")
        try:
            if params.get("parse_mode") == "HTML":
                shown, entities = parse_entities(text)
            else:
                shown, entities = text, []
        except EntityError as exc:
            return self._refuse(method, params, 400, f"Bad Request: can't parse entities: {exc}")
        if not shown.strip():
            return self._refuse(method, params, 400, "Bad Request: message text is empty")
        if utf16_len(shown.strip()) > MAX_TEXT:
            return self._refuse(method, params, 400, "Bad Request: message is too long")
        return shown, entities

    def _refuse(
        self, method: str, params: dict[str, Any], code: int, description: str, **extra: Any
    ) -> web.Response:
        self.refused.append((method, params, description))
        return self._error(code, description, **extra)
