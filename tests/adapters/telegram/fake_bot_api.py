"""A small fake Telegram Bot API server for running the real python-telegram-bot against.

Usage::

    fake = FakeBotApi()
    await fake.start()
    app = (ApplicationBuilder().token(fake.token)
           .base_url(fake.base_url).base_file_url(fake.base_file_url).build())
    ...
    fake.push_update(fake.text_message(42, "/start"))
    call = await fake.wait_for_call("sendMessage")
    await fake.stop()

URL forms: PTB builds the endpoint as ``base_url + token`` (or formats ``{token}`` into the base
url when it contains that placeholder), then appends ``/<method>``.  Both
``fake.base_url`` (``.../bot``) and ``fake.base_url + "{token}"`` therefore hit the same
``/bot<token>/<method>`` route; the same holds for ``base_file_url``.

Update delivery mimics Telegram: pushed updates stay queued until a ``getUpdates`` call
confirms them with ``offset > update_id``.  ``push_raw`` bypasses that: the update is handed out
once on the next ``getUpdates`` whatever the offset (this is how a duplicate delivery of an
already-confirmed update id is simulated).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import io
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from aiohttp import ClientSession, web

CAPTION_LIMIT = 1024  # characters of a photo's caption, counted after HTML parsing
TEXT_LIMIT = 4096  # a message's text: UTF-16 code units after HTML parsing, as Telegram counts

JSON = dict[str, Any]

# PTB sends str values verbatim and everything else JSON-encoded, so decoding is a guess.  These
# fields are always strings in the Bot API; decoding them would turn a text of "42" into an int.
_STRING_FIELDS = frozenset(
    {"text", "caption", "callback_query_id", "file_id", "url", "secret_token", "action",
     "parse_mode", "inline_message_id", "name", "description", "short_description", "title"}
)
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    409: "Conflict: terminated by other getUpdates request",
    502: "Bad Gateway",
}


@dataclass
class Call:
    """One request the bot made. ``error`` is the HTTP status when it was answered with an error."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    error: int | None = None
    filenames: dict[str, str] = field(default_factory=dict)  # multipart part name -> filename


@dataclass
class _Failure:
    method: str
    status: int
    description: str
    retry_after: int | None
    times: int
    chat_id: int | str | None


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes


class ApiError(Exception):
    """Raised inside method handlers to answer with a Bot API error envelope."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


def _utf16_len(text: str) -> int:
    # Telegram entity offsets/lengths count UTF-16 code units.
    return len(text.encode("utf-16-le")) // 2


OPT_IN_UPDATES = {"message_reaction", "message_reaction_count", "chat_member"}


def _kind(update: JSON) -> str:
    return next((k for k in update if k != "update_id"), "")


def _visible_len(html_text: str | None) -> int:
    """Length Telegram counts for a parse_mode=HTML text or caption: tags dropped, entities decoded."""
    return _utf16_len(html.unescape(re.sub(r"<[^>]+>", "", html_text or "")))


def _check_text(text: str | None) -> None:
    if not (text or "").strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if _visible_len(text) > TEXT_LIMIT:
        raise ApiError(400, "Bad Request: message is too long")


def _check_caption(caption: str | None) -> None:
    if _visible_len(caption) > CAPTION_LIMIT:
        raise ApiError(400, "Bad Request: message caption is too long")


def _decode_value(key: str, value: str) -> Any:
    if key in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _error_response(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: JSON = {"ok": False, "error_code": status, "description": description}
    if retry_after:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)


def _image_size(data: bytes) -> tuple[int, int] | None:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            return img.size
    except Exception:  # not an image (or no Pillow): callers fall back to nominal sizes
        return None


def _thumbnail(data: bytes, side: int) -> tuple[bytes, int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        img.thumbnail((side, side))
        out = io.BytesIO()
        img.convert("RGB").save(out, "JPEG")
        return out.getvalue(), img.width, img.height


class FakeBotApi:
    def __init__(self, token: str = "123:TEST", bot_username: str = "OpenZoneBot",
                 bot_id: int = 1000) -> None:
        self.token, self.bot_username, self.bot_id = token, bot_username, bot_id
        self.bot_user: JSON = {"id": bot_id, "is_bot": True, "first_name": "OpenZone",
                               "username": bot_username}
        self.calls: list[Call] = []
        self.sent: list[JSON] = []  # messages the bot created, current (edited) state
        self.webhook: JSON = {}
        self.allowed_updates: list[str] = []
        self.commands: dict[str, list[JSON]] = {}  # keyed by scope + language_code
        self._updates: list[JSON] = []  # queued until confirmed by offset
        self._forced: list[JSON] = []  # push_raw: delivered once regardless of offset
        self._next_update_id = 1
        self._message_ids: dict[int, int] = {}
        self._messages: dict[tuple[int, int], JSON] = {}
        self._chats: dict[int, JSON] = {}
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._failures: list[_Failure] = []
        self._ids = itertools.count(1)
        self._update_event = asyncio.Event()
        self._call_event = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._handlers: dict[str, Callable[[Call], Any]] = {
            "getme": self._get_me, "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook, "getwebhookinfo": self._get_webhook_info,
            "sendmessage": self._send_message, "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "editmessagecaption": self._edit_message_caption,
            "sendphoto": self._send_photo, "sendmediagroup": self._send_media_group,
            "senddocument": self._send_document, "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands, "deletemycommands": self._delete_my_commands,
            "getfile": self._get_file,
        }

    # ---- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # Short shutdown timeout: a stuck handler must never stall a test run for 60 s.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        # Release long polls first, otherwise the runner waits for them to time out.
        self._closing = True
        self._update_event.set()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/file/bot"

    # ---- inspection ------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def sent_messages(self, chat_id: int | None = None) -> list[JSON]:
        return [m for m in self.sent if chat_id is None or m["chat"]["id"] == chat_id]

    messages_sent_to = sent_messages

    def get_message(self, chat_id: int, message_id: int) -> JSON | None:
        return self._messages.get((chat_id, message_id))

    async def wait_for_call(self, method: str, predicate: Callable[[Call], bool] | None = None,
                            timeout: float = 5.0, since: int = 0) -> Call:
        """First call to ``method`` matching ``predicate``, waiting for it if necessary.

        Only ``calls[since:]`` are considered: pass ``len(fake.calls)`` taken before an action to
        ignore older calls.
        """
        loop = asyncio.get_running_loop()
        deadline, index = loop.time() + timeout, since
        while True:
            for call in self.calls[index:]:
                if call.method.lower() == method.lower() and (predicate is None or predicate(call)):
                    return call
            index = len(self.calls)
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [f"{c.method}({c.params})" for c in self.calls if c.method != "getUpdates"]
                raise AssertionError(f"no matching {method} call within {timeout}s; recent calls "
                                     "(getUpdates omitted):\n  " + "\n  ".join(recent[-15:]))
            self._call_event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._call_event.wait(), remaining)

    # ---- update injection ------------------------------------------------------------------
    def push_update(self, update: JSON) -> int:
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
        self._updates.append(update)
        self._updates.sort(key=lambda u: u["update_id"])
        self._update_event.set()
        return update["update_id"]

    def push_raw(self, update: JSON, update_id: int) -> int:
        """Deliver ``update`` with ``update_id`` on the next getUpdates, even if already confirmed."""
        self._forced.append({**update, "update_id": update_id})
        self._next_update_id = max(self._next_update_id, update_id + 1)
        self._update_event.set()
        return update_id

    def fail_next(self, method: str, status: int = 429, description: str | None = None,
                  retry_after: int | None = 1, times: int = 1,
                  chat_id: int | str | None = None) -> None:
        """The next ``times`` calls to ``method`` (for ``chat_id`` if given) answer with an error.

        ``retry_after`` is only sent for 429 (as Telegram does); ``description`` defaults to a
        realistic text for the status, e.g. "Forbidden: bot was blocked by the user" for 403.
        """
        if description is None:
            description = (f"Too Many Requests: retry after {retry_after}" if status == 429
                           else _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}"))
        self._failures.append(_Failure(method.lower(), status, description,
                                       retry_after if status == 429 else None, times, chat_id))

    def add_file(self, data: bytes, path_hint: str = "photos/file.jpg") -> str:
        n = next(self._ids)
        hint = PurePosixPath(path_hint)
        path = str(hint.with_name(f"{hint.stem}_{n}{hint.suffix}"))
        stored = _StoredFile(f"FILE{n:06d}-{hint.stem}", f"UNIQ{n:06d}", path, data)
        self._files[stored.file_id] = self._files_by_path[path] = stored
        return stored.file_id

    # ---- update builders (return update dicts without update_id; pass to push_update) ------
    def make_user(self, user_id: int, first_name: str | None = None,
                  username: str | None = None) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}",
                      "language_code": "en"}
        if username:
            user["username"] = username
        return user

    def text_message(self, user_id: int, text: str, chat_id: int | None = None,
                     chat_type: str = "private", reply_to_message: JSON | None = None,
                     first_name: str | None = None, username: str | None = None) -> JSON:
        msg = self._user_message(user_id, chat_id, chat_type, first_name, username)
        msg["text"] = text
        if text.startswith("/") and len(text) > 1:
            # Without this entity PTB's CommandHandler/filters.COMMAND see plain text.
            command = text.split(maxsplit=1)[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        if reply_to_message is not None:
            msg["reply_to_message"] = reply_to_message
        return {"message": msg}

    def callback_query(self, user_id: int, data: str, message: JSON | None = None,
                       first_name: str | None = None, username: str | None = None) -> JSON:
        if message is None:  # a button under some earlier bot message in the user's chat
            message = {**self._new_message(user_id, self.bot_user), "text": "(button message)"}
        return {"callback_query": {
            "id": str(next(self._ids)), "from": self.make_user(user_id, first_name, username),
            "chat_instance": f"ci{message['chat']['id']}", "data": data, "message": message}}

    def reaction(self, user_id: int, message: JSON, old: tuple[str, ...] = (), new: tuple[str, ...] = ()) -> JSON:
        """A message_reaction update: `user_id` changed their reactions on `message` from `old` to `new`."""
        chat = message["chat"]
        return {"message_reaction": {
            "chat": chat, "message_id": message["message_id"], "user": self.make_user(user_id),
            "date": int(time.time()),
            "old_reaction": [{"type": "emoji", "emoji": e} for e in old],
            "new_reaction": [{"type": "emoji", "emoji": e} for e in new]}}

    def photo_message(self, user_id: int, file_bytes: bytes, caption: str | None = None,
                      chat_id: int | None = None, chat_type: str = "private",
                      first_name: str | None = None, username: str | None = None) -> JSON:
        msg = self._user_message(user_id, chat_id, chat_type, first_name, username)
        msg["photo"] = self._photo_sizes(file_bytes)
        if caption is not None:
            msg["caption"] = caption
        return {"message": msg}

    def document_message(self, user_id: int, file_bytes: bytes, file_name: str = "image.png",
                         mime_type: str = "image/png", caption: str | None = None,
                         chat_id: int | None = None, chat_type: str = "private") -> JSON:
        msg = self._user_message(user_id, chat_id, chat_type, None, None)
        msg["document"] = self._document(file_bytes, file_name, mime_type)
        if caption is not None:
            msg["caption"] = caption
        return {"message": msg}

    async def post_webhook(self, url: str, update: JSON, secret_token: str | None = None) -> int:
        """POST ``update`` to ``url`` the way Telegram delivers webhooks; returns the status."""
        payload = dict(update)
        if "update_id" not in payload:
            payload["update_id"] = self._next_update_id
            self._next_update_id += 1
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token else {}
        async with ClientSession() as session, session.post(url, json=payload,
                                                            headers=headers) as resp:
            await resp.read()
            return resp.status

    # ---- object factories ------------------------------------------------------------------
    def _chat(self, chat_id: int, chat_type: str | None = None, user: JSON | None = None) -> JSON:
        if chat_id not in self._chats or chat_type is not None:
            chat_type = chat_type or ("private" if chat_id > 0 else "supergroup")
            chat: JSON = {"id": chat_id, "type": chat_type}
            if chat_type == "private":
                chat["first_name"] = (user or {}).get("first_name", f"User{chat_id}")
                if user and "username" in user:
                    chat["username"] = user["username"]
            else:
                chat["title"] = f"Chat {chat_id}"
            self._chats[chat_id] = chat
        return self._chats[chat_id]

    def _new_message(self, chat_id: int, sender: JSON, chat: JSON | None = None) -> JSON:
        message_id = self._message_ids.get(chat_id, 0) + 1  # Telegram counts per chat
        self._message_ids[chat_id] = message_id
        msg: JSON = {"message_id": message_id, "date": int(time.time()),
                     "chat": chat or self._chat(chat_id), "from": sender}
        self._messages[(chat_id, message_id)] = msg
        return msg

    def _user_message(self, user_id: int, chat_id: int | None, chat_type: str,
                      first_name: str | None, username: str | None) -> JSON:
        user = self.make_user(user_id, first_name, username)
        if chat_id is None:
            chat_id = user_id if chat_type == "private" else -1001000000000
        return self._new_message(chat_id, user, self._chat(chat_id, chat_type, user))

    def _bot_message(self, chat_id: Any, **fields: Any) -> JSON:
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        msg = self._new_message(chat_id, self.bot_user)
        msg.update({k: v for k, v in fields.items() if v is not None})
        self.sent.append(msg)
        return msg

    def _file_json(self, file_id: str) -> JSON:
        f = self._files[file_id]
        return {"file_id": f.file_id, "file_unique_id": f.file_unique_id, "file_size": len(f.data)}

    def _photo_sizes(self, data: bytes) -> list[JSON]:
        """PhotoSize array like Telegram's: thumbnails first, the original bytes last."""
        size = _image_size(data)
        sizes: list[JSON] = []
        for side in (90, 320):
            if size is None:  # not an image: distinct placeholder files keep the sizes honest
                thumb, w, h = f"thumbnail {side}".encode(), side, side * 3 // 4
            elif max(size) > side:
                thumb, w, h = _thumbnail(data, side)
            else:
                continue
            sizes.append({**self._file_json(self.add_file(thumb, "photos/thumb.jpg")),
                          "width": w, "height": h})
        w, h = size or (1280, 960)
        sizes.append({**self._file_json(self.add_file(data, "photos/file.jpg")),
                      "width": w, "height": h})
        return sizes

    def _document(self, data: bytes, file_name: str, mime_type: str | None) -> JSON:
        doc = {**self._file_json(self.add_file(data, f"documents/{file_name}")),
               "file_name": file_name}
        if mime_type:
            doc["mime_type"] = mime_type
        return doc

    # ---- HTTP plumbing ---------------------------------------------------------------------
    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params, files, filenames = await self._decode(request)
        call = Call(method, params, files, filenames=filenames)
        self.calls.append(call)
        self._call_event.set()
        if request.match_info["token"] != self.token:
            call.error = 401
            return _error_response(401, "Unauthorized")
        try:
            failure = self._take_failure(method, params)
            if failure is not None:
                raise ApiError(failure.status, failure.description, failure.retry_after)
            if method.lower() == "getupdates":
                result: Any = await self._get_updates(params, request)
            elif (handler := self._handlers.get(method.lower())) is not None:
                result = handler(call)
            else:  # sendChatAction, answerCallbackQuery, close, logOut and anything unknown
                result = True
        except ApiError as exc:
            call.error = exc.status
            return _error_response(exc.status, exc.description, exc.retry_after)
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self._files_by_path.get(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=stored.data, content_type="application/octet-stream")

    async def _decode(self, request: web.Request) -> tuple[JSON, dict[str, bytes], dict[str, str]]:
        params: JSON = {k: _decode_value(k, v) for k, v in request.query.items()}
        files: dict[str, bytes] = {}
        filenames: dict[str, str] = {}
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.method == "POST":
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    files[key], filenames[key] = value.file.read(), value.filename
                else:
                    params[key] = _decode_value(key, value)
        return params, files, filenames

    def _take_failure(self, method: str, params: JSON) -> _Failure | None:
        for failure in self._failures:
            if failure.method == method.lower() and (
                    failure.chat_id is None or str(params.get("chat_id")) == str(failure.chat_id)):
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                return failure
        return None

    # ---- Bot API methods -------------------------------------------------------------------
    async def _get_updates(self, params: JSON, request: web.Request) -> list[JSON]:
        if self.webhook.get("url"):
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        offset, limit = params.get("offset"), min(max(int(params.get("limit") or 100), 1), 100)
        if isinstance(params.get("allowed_updates"), list):  # kept until a later call changes it
            self.allowed_updates = list(params["allowed_updates"])
        # Kinds a bot gets only when it asks for them by name, as Telegram does.
        wanted = set(self.allowed_updates)
        self._updates = [u for u in self._updates
                         if (_kind(u) in wanted if wanted else _kind(u) not in OPT_IN_UPDATES)]
        if isinstance(offset, int) and offset < 0:  # Telegram: keep only the last -offset updates
            self._updates = self._updates[offset:]
        elif isinstance(offset, int):  # confirms (forgets) everything below offset
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(params.get("timeout") or 0)
        while not (self._updates or self._forced) and not self._closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            self._update_event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._update_event.wait(), remaining)
        if request.transport is None or request.transport.is_closing():
            return []  # PTB cancelled this poll (e.g. on stop); keep forced updates for later
        # Ascending ids, as Telegram does: PTB sets its next offset from the last element.
        batch = sorted(self._updates + self._forced, key=lambda u: u["update_id"])[:limit]
        self._forced = [u for u in self._forced if not any(u is b for b in batch)]
        return batch

    def _get_me(self, call: Call) -> JSON:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    def _delete_webhook(self, call: Call) -> bool:
        if call.params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {}
        return True

    def _set_webhook(self, call: Call) -> bool:
        self._delete_webhook(call)
        self.webhook = dict(call.params)
        return True

    def _get_webhook_info(self, call: Call) -> JSON:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    @staticmethod
    def _inline_markup(params: JSON) -> JSON | None:
        # Messages only ever carry inline keyboards; echoing a ReplyKeyboardMarkup would make
        # PTB fail to parse the result.
        markup = params.get("reply_markup")
        return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None

    def _send_message(self, call: Call) -> JSON:
        p = call.params
        _check_text(p.get("text"))
        reply_id = (p.get("reply_parameters") or {}).get("message_id")
        return self._bot_message(p.get("chat_id"), text=p.get("text"), entities=p.get("entities"),
                                 reply_to_message=self._messages.get((p.get("chat_id"), reply_id)),
                                 reply_markup=self._inline_markup(p))

    def _edit(self, call: Call, text_edit: bool, caption_edit: bool = False) -> JSON | bool:
        p = call.params
        if "inline_message_id" in p:
            return True
        msg = self._messages.get((p.get("chat_id"), p.get("message_id")))
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        changes: JSON = {"reply_markup": self._inline_markup(p)}
        if text_edit:
            if "text" not in msg:  # a photo's words are its caption: editMessageCaption changes them
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            _check_text(p.get("text"))
            changes["text"] = p.get("text")
        if caption_edit:
            if not any(k in msg for k in ("photo", "document", "video", "animation")):
                raise ApiError(400, "Bad Request: there is no caption in the message to edit")
            _check_caption(p.get("caption"))
            changes["caption"] = p.get("caption")
        if all(msg.get(k) == v for k, v in changes.items()):
            # Telegram rejects no-op edits; adapters have to cope with that.
            raise ApiError(400, "Bad Request: message is not modified: specified new message "
                                "content and reply markup are exactly the same as a current "
                                "content and reply markup of the message")
        for key, value in changes.items():
            if value is None:
                msg.pop(key, None)
            else:
                msg[key] = value
        msg["edit_date"] = int(time.time())
        return msg

    def _edit_message_text(self, call: Call) -> JSON | bool:
        return self._edit(call, text_edit=True)

    def _edit_message_reply_markup(self, call: Call) -> JSON | bool:
        return self._edit(call, text_edit=False)

    def _edit_message_caption(self, call: Call) -> JSON | bool:
        return self._edit(call, text_edit=False, caption_edit=True)

    def _media_bytes(self, call: Call, name: str, ref: Any) -> bytes:
        """Bytes for a media param: a multipart upload, attach://x, a known file_id or a URL."""
        if name in call.files:
            return call.files[name]
        if isinstance(ref, str) and ref.startswith("attach://"):
            return call.files[ref.removeprefix("attach://")]
        if isinstance(ref, str) and ref in self._files:
            return self._files[ref].data
        return str(ref).encode()  # a URL: Telegram would fetch it; the URL stands in for bytes

    def _send_photo(self, call: Call) -> JSON:
        p = call.params
        data = self._media_bytes(call, "photo", p.get("photo"))
        _check_caption(p.get("caption"))
        return self._bot_message(p.get("chat_id"), photo=self._photo_sizes(data),
                                 caption=p.get("caption"), reply_markup=self._inline_markup(p))

    def _send_document(self, call: Call) -> JSON:
        p = call.params
        data = self._media_bytes(call, "document", p.get("document"))
        doc = self._document(data, call.filenames.get("document") or "file", None)
        return self._bot_message(p.get("chat_id"), document=doc, caption=p.get("caption"),
                                 reply_markup=self._inline_markup(p))

    def _send_media_group(self, call: Call) -> list[JSON]:
        group_id, messages = str(next(self._ids)), []
        media_items = call.params.get("media") or []
        if not 2 <= len(media_items) <= 10:
            raise ApiError(400, "Bad Request: wrong number of messages in a media group: 2 to 10 expected")
        for item in media_items:
            _check_caption(item.get("caption"))
            data = self._media_bytes(call, "", item.get("media"))
            media = ({"photo": self._photo_sizes(data)} if item.get("type") == "photo"
                     else {"document": self._document(data, "file", None)})
            messages.append(self._bot_message(call.params.get("chat_id"), media_group_id=group_id,
                                              caption=item.get("caption"), **media))
        return messages

    @staticmethod
    def _commands_key(call: Call) -> str:
        return json.dumps([call.params.get("scope") or {"type": "default"},
                           call.params.get("language_code") or ""], sort_keys=True)

    def _set_my_commands(self, call: Call) -> bool:
        self.commands[self._commands_key(call)] = list(call.params.get("commands") or [])
        return True

    def _get_my_commands(self, call: Call) -> list[JSON]:
        return self.commands.get(self._commands_key(call), [])

    def _delete_my_commands(self, call: Call) -> bool:
        self.commands.pop(self._commands_key(call), None)
        return True

    def _get_file(self, call: Call) -> JSON:
        stored = self._files.get(str(call.params.get("file_id")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {**self._file_json(stored.file_id), "file_path": stored.file_path}
