"""One entry point for every front end: an Incoming in, Replies out, one transaction each."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from datetime import timedelta
from typing import Any

from chat.messages import Incoming, Reply, Sender, error_reply, reply
from core import i18n
from core.accounts import service as accounts
from core.errors import Invalid, LimitExceeded, OpenZoneError
from core.i18n import Language, _
from core.moderation import actions as moderation
from core.moderation.model import Refused, Role
from core.outbox import publish
from handlers._types import FlowFunc, Guard
from handlers.context import Context, Services
from handlers.feature import Flow
from handlers.registry import Command, UnknownCommand

log = logging.getLogger(__name__)
DEDUP_TTL = timedelta(days=2)

_POST_REF = re.compile(r"^\W*#(\d+)\b")
_COMMENT_REF = re.compile(r"^\W*c(\d+)\b")
_PHOTO_REF = re.compile(r"^\W*p(\d+) [·👍]")


def ref_in(text: str | None) -> tuple[str, int] | None:
    """The post (`#42 …`), comment (`c17 …`) or album photo (`p12 · …`, a photo's card or like notice) a bot
    message shows, from its first line."""
    if not text:
        return None
    first = text.splitlines()[0] if text else ""
    if m := _POST_REF.match(first):
        return "post", int(m.group(1))
    if m := _COMMENT_REF.match(first):
        return "comment", int(m.group(1))
    if m := _PHOTO_REF.match(first):
        return "photo", int(m.group(1))
    return None


LIKE_REACTIONS = frozenset({"👍", "❤️", "❤"})


def reaction_action(before: set[str], after: set[str], message_text: str | None) -> str | None:
    """A person's reactions on a post's message, changed from `before` to `after`, as the button
    they stand for: a 👍 or ❤️ appearing is Like, the last one going is Unlike (the same rule then
    decides); anything else — other emoji, a 👍 swapped for a ❤️ — is nothing."""
    ref = ref_in(message_text)
    liked, likes = bool(before & LIKE_REACTIONS), bool(after & LIKE_REACTIONS)
    if liked == likes or ref is None or ref[0] != "post":
        return None
    return f"{'like' if likes else 'unlike'}:{ref[1]}"


@dataclass(frozen=True)
class _Step:
    """What the router runs for a message once the guards let it through, and the bucket it counts against."""

    run: Callable[[], Awaitable[Any]]
    bucket: str | None = None
    label: str = "text"
    """What the message was, for metrics (a bounded set): `/album`, `action:like`, `text`, `unknown`."""


def _label(command: Command) -> str:
    return "/" + command.path.split()[0]


async def _fail(exc: OpenZoneError) -> Any:
    raise exc


async def _answer(result: Any) -> Any:
    return result


def as_list(result: Any) -> list[Reply]:
    if result is None:
        return []
    return [result] if isinstance(result, Reply) else list(result)


class Router:
    """Routes an Incoming to a command, a button action, a pending flow or a reply-to-comment."""

    def __init__(
        self, services: Services, flows: dict[str, Flow], on_reply_to: Flow | None = None,
        guards: list[Guard] | None = None, on_attachments: FlowFunc | None = None,
    ) -> None:
        self.services = services
        self.flows = flows
        self.on_reply_to = on_reply_to
        """A message replying to one that shows a post or a comment (`{"ref": "post", "id": 42}`)."""
        self.guards = guards or []
        self.on_attachments = on_attachments

    async def handle(self, incoming: Incoming, bot_username: str | None = None) -> list[Reply]:
        """Handle one message; never raises — errors become a short reply and a logged traceback.

        Everything is worded in the sender's language: what their messenger says until the account
        is known, then the one they chose (see core.i18n). That language stays active afterwards in
        the caller's `i18n.using`, so an adapter words its own notes to the person in it too."""
        hinted = self.services.hinted(incoming.locale)
        with i18n.using(hinted or self.services.languages.default):
            replies = await self._handle(incoming, bot_username, hinted)
            spoken = i18n.active()
        i18n.switch(spoken)
        return replies

    async def keep_locale(self, sender: Sender, locale: str | None) -> None:
        """What `sender`'s messenger says they read, kept on their account as each message keeps it
        (`_speak`), with no message: the console tells it before printing what is owed, so that is worded
        as this terminal reads. A newcomer has no account yet: nothing to keep."""
        hinted = self.services.hinted(locale)
        if hinted is None:
            return
        async with self.services.uow_factory() as uow:
            account = await uow.accounts.by_identity(sender.platform, sender.external_id)
            if account is not None and hinted.code != account.language_hint:
                await uow.accounts.set_language_hint(account.id, hinted.code)
                await uow.commit()

    async def _handle(self, incoming: Incoming, bot_username: str | None, hinted: Language | None) -> list[Reply]:
        try:
            async with self.services.uow_factory() as uow:
                now = self.services.clock.now()
                key = incoming.dedup_key
                s = incoming.sender
                arrival = await accounts.arrive(uow, now, s.platform, s.external_id, s.display_name, s.username)
                ctx = Context(incoming, arrival.account, uow, now, self.services, account_is_new=arrival.created,
                              flow=arrival.flow, time_zone=i18n.zone(arrival.time_zone or self.services.time_zone))
                self._speak(ctx, hinted)
                replies = as_list(await self._route(ctx, bot_username))
                await publish(uow, self.services.subscribers, now)
                # Bookkeeping writes come last: on SQLite the first write takes the database's
                # write lock, and slow work (processing a batch of photos) must not hold it.
                for write in ctx.deferred:
                    await write()
                notes = await self.services.bookkeeping.write(uow)  # adapters' notes ride along
                if key and not await uow.state.add_once(key, now + DEDUP_TTL):
                    # Seen before (re-delivered, or handled meanwhile by another process): roll back,
                    # so the first delivery stays the only one with an effect. Duplicates are rare,
                    # so checking here rather than first saves a query on every update.
                    return []
                await uow.commit()
            self.services.bookkeeping.written(notes)
            if uow.outbox.added:  # the worker has work only then (most commands raise nothing to deliver)
                self.services.on_commit()
            if ctx.in_group:
                # Whatever a handler wrote, a message the whole group reads carries no personal link,
                # nor a face decided for one reader only.
                replies = [r if r.personal else r.for_group() for r in replies]
            return replies
        except UnknownCommand as exc:
            if exc.addressed_elsewhere or incoming.in_group:
                return []  # a group message for another bot, or a typo not meant for us
            return [error_reply(exc.message)]
        except OpenZoneError as exc:
            if isinstance(exc, LimitExceeded):
                self.services.on_limited(incoming.sender.platform)
            return [error_reply(exc.message)]
        except Exception:
            ref = secrets.token_hex(4)
            log.exception("handler failed (ref %s) for %s", ref, incoming.sender.platform)
            return [error_reply(_("Something went wrong on our side (ref {ref}). Please try again in a moment.").format(ref=ref))]

    def _speak(self, ctx: Context, hinted: Language | None) -> None:
        """Word the rest in the sender's language; keep what their messenger says (`hinted`), when it changed."""
        languages, account = self.services.languages, ctx.account
        if hinted is not None and hinted.code != account.language_hint:
            ctx.defer(partial(ctx.uow.accounts.set_language_hint, account.id, hinted.code))
        ctx.language = languages.for_account(account.language, hinted.code if hinted else account.language_hint)
        i18n.switch(ctx.language)

    def routed(self, label: str) -> None:
        """Told what the message being handled was, once resolved (a bounded label: `/album`, `action:like`,
        `text` or `unknown`); a hook for metrics, which count without parsing the message again."""

    async def _route(self, ctx: Context, bot_username: str | None) -> Any:
        try:
            step = self._resolve(ctx, bot_username)
        except OpenZoneError as exc:
            # A bad command line is answered after the guards: a banned person hears of the ban first.
            step = _Step(partial(_fail, exc), label="unknown")
        self.routed(step.label)
        ctx.bucket = step.bucket
        for guard in self.guards:
            if (answer := await guard(ctx)) is not None:
                return answer
        return await step.run()

    def _resolve(self, ctx: Context, bot_username: str | None) -> _Step:
        """What the message asks for, parsed once, and the bucket it counts against; nothing runs yet."""
        incoming = ctx.incoming
        registry = self.services.registry
        if incoming.action:
            verb, _sep, arg = incoming.action.partition(":")
            label = f"action:{verb}" if registry.knows_verb(verb) else "action:unknown"
            if (command := registry.button(verb)) is not None:
                try:
                    args = registry.bind_text(command, arg)
                except Invalid:
                    return _Step(partial(_answer, reply(_("That button has expired."))), label=label)
                return _Step(partial(self._run, ctx, command, args), command.bucket, label)
            func = registry.actions.get(verb)
            if func is None:
                return _Step(partial(_answer, error_reply(_("That button has expired. Send the command again."))),
                             label=label)
            return _Step(partial(func, ctx, arg), label=label)
        if incoming.command:
            command = registry.get(incoming.command)
            if command is None:
                raise UnknownCommand(incoming.command, registry.suggest(incoming.command))
            try:
                args = registry.bind_options(command, incoming.args or {})
            except OpenZoneError as exc:
                return _Step(partial(_fail, exc), label=_label(command))
            return _Step(partial(self._run, ctx, command, args), command.bucket, _label(command))
        text = incoming.text.strip()
        if text.startswith("/"):
            command, rest = registry.find(text, bot_username)
            try:
                args = registry.bind_text(command, rest)
            except OpenZoneError as exc:
                return _Step(partial(_fail, exc), label=_label(command))
            # A new command abandons any pending flow.
            return self._taking(ctx, partial(self._run, ctx, command, args), command.bucket, _label(command))
        flow = ctx.flow
        if flow is not None and flow["kind"] in self.flows:
            handler = self.flows[flow["kind"]]
            return self._taking(ctx, partial(handler.func, ctx, flow), handler.bucket)
        if incoming.attachments and self.on_attachments is not None:
            return self._taking(ctx, partial(self.on_attachments, ctx, {}))
        if not text and not incoming.attachments:
            return self._taking(ctx, partial(_answer, None))  # an empty line (the console's Enter) asks nothing
        if (ref := ref_in(incoming.reply_to_text)) and self.on_reply_to is not None and text:
            on_reply = self.on_reply_to
            return self._taking(ctx, partial(on_reply.func, ctx, {"ref": ref[0], "id": ref[1]}), on_reply.bucket)
        return self._taking(ctx, partial(self._chatter, ctx))

    @staticmethod
    def _taking(ctx: Context, then: Callable[[], Awaitable[Any]], bucket: str | None = None,
                label: str = "text") -> _Step:
        """A step for a plain message (or a new command): it consumes the pending flow, if any, first."""
        async def run() -> Any:
            await ctx.take_flow()
            return await then()
        return _Step(run, bucket, label)

    async def _chatter(self, ctx: Context) -> Any:
        """A plain message that continues nothing."""
        if ctx.in_group:
            return None
        if ctx.account_is_new:
            start = self.services.registry.get("start")
            if start is not None:
                return await self._run(ctx, start, {})
        return reply(_("I answer commands — /help lists them. To post, send /post followed by your text."))

    async def _run(self, ctx: Context, command: Command, args: dict[str, Any]) -> Any:
        if command.role != "user":
            # Roles belong to the account: an admin named on one messenger is one on all of them.
            what = ctx.incoming.text.strip() or f"/{command.path}"
            try:
                ctx.staff = await moderation.require(ctx.uow, ctx.now, self.services.admins, ctx.account,
                                                     Role(command.role), what)
            except Refused:
                # Answered, not raised: the transaction commits the refused attempt's log line.
                return (reply(command.refusal(), personal=True) if command.refused
                        else error_reply(command.refusal()))
        ctx.args = args
        ctx.command = command
        return await command.func(ctx)
