"""The guestbook (留言板) from chat: sign a zone's, read one, the owner's replies, deleting entries.

`/guestbook` is one command for all of it, as people say it: `/guestbook alice hello!` signs,
`/guestbook alice private …` leaves a private note (悄悄话) only alice and you see, `/guestbook
[alice]` reads, `/guestbook reply g12 TEXT` answers an entry in your own, `/guestbook delete g12`
removes one. Reading costs nothing; signing and replying count against the guestbook rate limit.
"""

from __future__ import annotations

import re
from typing import Any

from chat.messages import Button, Reply, Span, b, plain, reply
from core import i18n, ratelimit
from core.errors import Invalid
from core.events import Event
from core.guestbook import EntryView, GuestbookReplied, GuestbookSigned, Page, service as guestbook
from core.i18n import N_, _
from core.model import Account, PostStatus
from core.ports import UnitOfWork
from core.ratelimit import GUESTBOOK
from handlers.context import Context
from handlers.feature import Feature, Flow
from handlers.format import snip, who
from handlers.notices import notice_for
from handlers.registry import CommandGroup, Param

commands = CommandGroup()
ENTRY_RE = re.compile(r"^[gG]?(\d{1,18})$")
VERBS = ("reply", "delete")
USAGE = "/guestbook HANDLE TEXT · /guestbook HANDLE private TEXT · /guestbook [HANDLE] · " \
        "/guestbook reply gID TEXT · /guestbook delete gID"


def entry_id(token: str) -> int:
    """`g12` (or `12`) → 12."""
    m = ENTRY_RE.match(token.strip())
    if not m:
        raise Invalid(_("A guestbook entry is named like g12, not “{token}”.").format(token=token[:20]))
    return int(m.group(1))


async def _charge(ctx: Context) -> None:
    """Count one entry or reply against the guestbook limit (reading the guestbook counts nothing).

    The same claim the router's rate guard makes — one conditional statement per hit — made here
    because one command both reads and writes.
    """
    limits = ctx.services.limits
    if limits is None:
        return
    passed = await ratelimit.admit(ctx.uow, limits, ctx.services.admins, ctx.account, [GUESTBOOK], ctx.now)
    await ratelimit.record(ctx.uow, ctx.services.admins, ctx.account, passed, ctx.now)


@commands.command(
    "guestbook", N_("Sign a zone's guestbook, read one, reply or delete"),
    Param("who", "word", N_("whose guestbook (default: yours), or reply / delete"), required=False,
          label=N_("handle"), suggests="handle"),
    Param("private", "choice", N_("private: a note only the owner and you see"), required=False, choices=("private",)),
    Param("text", "text", N_("what you write (none: read it)"), required=False),
)
async def guestbook_command(ctx: Context) -> Reply:
    raw, private, text = ctx.args.get("who"), bool(ctx.args.get("private")), ctx.args.get("text", "")
    verb = raw.lower() if raw and not raw.startswith("@") else None
    if verb in VERBS:
        rest = ("private " if private else "") + text
        token, _sep, body = rest.strip().partition(" ")
        if not token:
            raise Invalid(_("Name the entry: /guestbook {verb} g12").format(verb=verb) + (" TEXT" if verb == "reply" else ""))
        if verb == "delete":
            if body.strip():
                raise Invalid(_("Too much after the entry: /guestbook delete g12 is all it takes."))
            return await delete_entry(ctx, entry_id(token))
        return await _reply(ctx, entry_id(token), body)
    if raw is None:
        return await _page(ctx, ctx.account, None)
    owner = await ctx.target(raw)
    if not text.strip():
        if private:
            raise Invalid(_("Write your note after private: /guestbook {handle} private TEXT").format(handle=owner.handle))
        return await _page(ctx, owner, None)
    await _charge(ctx)
    e = await guestbook.sign(ctx.uow, ctx.now, ctx.account, owner, text, private=private)
    if e.status is PostStatus.HIDDEN:
        return reply(_("⏳ g{id} waits for a moderator: a word in it is kept for review. Until then only you see it.")
                     .format(id=e.id), personal=True)
    if private:
        return reply(_("🔒 Private note g{id} left in @{handle}'s guestbook: only @{handle} and you see it.")
                     .format(id=e.id, handle=owner.handle), personal=True)
    return reply(_("✍️ Signed @{handle}'s guestbook: g{id}.").format(handle=owner.handle, id=e.id))


async def _reply(ctx: Context, eid: int, text: str) -> Reply:
    await _charge(ctx)
    e = await guestbook.reply(ctx.uow, ctx.now, ctx.account, eid, text)
    author = await ctx.uow.accounts.get(e.author_id)
    return reply(_("↩️ Replied to g{id} by @{handle}.").format(id=e.id, handle=author.handle if author else "?"))


async def delete_entry(ctx: Context, eid: int) -> Reply:
    """`/guestbook delete g12`, `/delete g12`, the Delete button: the owner any entry, a writer their own."""
    await guestbook.delete(ctx.uow, ctx.account, eid)
    return reply(_("🗑 Guestbook entry g{id} deleted.").format(id=eid), personal=ctx.incoming.action is not None)


# --- a page of a guestbook --------------------------------------------------------------------
def _title(page: Page, me: Account) -> str:
    if page.owner.id == me.id:
        return _("📖 Your guestbook, newest first")
    return _("📖 {who}'s guestbook, newest first").format(who=who(page.owner))


def entry_spans(view: EntryView, owner: Account, ctx: Context) -> list[Span]:
    """`g12 · Bob (@bob) · 🔒 private note · 3 minutes ago`, the text, and the owner's reply under it."""
    e = view.entry
    marks = [f"g{e.id}", who(view.author)]
    if e.private:
        marks.append(_("🔒 private note"))
    if e.status is not PostStatus.ACTIVE:
        marks.append(_("🙈 hidden by a moderator"))
    if e.created_at is not None:
        marks.append(i18n.ago(ctx.now - e.created_at))
    spans: list[Span] = [b(" · ".join(marks)), plain("\n" + e.body + "\n")]
    if e.reply:
        spans.append(plain("  ↩️ " + _("@{handle} replied: {reply}").format(handle=owner.handle, reply=e.reply) + "\n"))
    return spans


async def _page(ctx: Context, owner: Account, before: int | None) -> Reply:
    pressed = ctx.incoming.action is not None
    page = await guestbook.page(ctx.uow, ctx.viewer, owner, before)
    mine = owner.id == ctx.account.id
    if not page.entries:
        if before is not None:
            text = _("That's all the entries you can see.")
        elif mine:
            text = _("Your guestbook is empty. Friends sign it with /guestbook {handle} TEXT.").format(handle=owner.handle)
        else:
            text = _("{who}'s guestbook has no entries you can see. Sign it: /guestbook {handle} TEXT").format(
                who=who(owner), handle=owner.handle)
        return reply(text, personal=True, in_place=pressed)
    spans: list[Span] = [b(_title(page, ctx.account)), plain("\n\n")]
    rows: list[tuple[Button, ...]] = []
    for view in page.entries:
        spans += [*entry_spans(view, owner, ctx), plain("\n")]
        e = view.entry
        buttons = []
        if view.answerable:
            buttons.append(Button(_("↩️ Reply g{id}").format(id=e.id), f"gbr:{e.id}"))
        if view.removable:
            buttons.append(Button(_("🗑 Delete g{id}").format(id=e.id), f"gbdel:{e.id}"))
        if buttons:
            rows.append(tuple(buttons))
    if page.more:
        rows.append((Button(_("⬇️ More"), f"gbmore:{owner.id}:{page.entries[-1].entry.id}"),))
    if not mine and await guestbook.may_sign(ctx.uow, ctx.viewer, owner):
        spans.append(plain(_("Sign it: /guestbook {handle} TEXT (private TEXT: only they and you see it)").format(
            handle=owner.handle)))
    elif mine:
        spans.append(plain(_("Answer one: /guestbook reply gID TEXT · remove one: /guestbook delete gID")))
    return Reply(spans=tuple(spans), buttons=tuple(rows), personal=True, in_place=pressed)


@commands.action("gbmore")
async def more(ctx: Context, arg: str) -> Reply:
    owner_id, _sep, before = arg.partition(":")
    owner = await ctx.uow.accounts.get(int(owner_id)) if owner_id.isdigit() and before.isdigit() else None
    if owner is None:
        return reply(_("That button has expired. Send /guestbook again."), personal=True)
    return await _page(ctx, owner, int(before))


@commands.action("gbdel")
async def delete_button(ctx: Context, arg: str) -> Reply:
    if not arg.isdigit():
        return reply(_("That button has expired. Send /guestbook again."), personal=True)
    return await delete_entry(ctx, int(arg))


@commands.action("gbr")
async def reply_button(ctx: Context, arg: str) -> Reply:
    """The owner's Reply: the next message is the reply (checked first: the entry is theirs to answer)."""
    if not arg.isdigit():
        return reply(_("That button has expired. Send /guestbook again."), personal=True)
    e = await guestbook.visible_entry(ctx.uow, ctx.viewer, int(arg))
    if e.owner_id != ctx.account.id:
        raise Invalid(_("g{id} is in someone else's guestbook: only its owner replies there.").format(id=e.id))
    await ctx.start_flow("guestbook_reply", entry_id=e.id)
    return reply(_("Send your reply to g{id} as your next message.").format(id=e.id), personal=True,
                 asks=_("Your reply to g{id}").format(id=e.id))


async def reply_flow(ctx: Context, flow: dict[str, Any]) -> Reply:
    e = await guestbook.reply(ctx.uow, ctx.now, ctx.account, int(flow["entry_id"]), ctx.incoming.text)
    author = await ctx.uow.accounts.get(e.author_id)
    return reply(_("↩️ Replied to g{id} by @{handle}.").format(id=e.id, handle=author.handle if author else "?"))


# --- what the owner and the writer are told ---------------------------------------------------
@notice_for(GuestbookSigned)
async def signed_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    assert isinstance(event, GuestbookSigned)
    writer, entry = await uow.accounts.get(event.author_id), await uow.guestbook.get(event.entry_id)
    if writer is None or entry is None:
        return None
    if event.private:
        head = _("🔒 {who} left you a private note (g{id}):").format(who=who(writer), id=entry.id)
    else:
        head = _("📖 {who} signed your guestbook (g{id}):").format(who=who(writer), id=entry.id)
    return Reply(spans=(plain(head + "\n"), plain(snip(entry.body))),
                 buttons=((Button(_("↩️ Reply"), f"gbr:{entry.id}"), Button(_("🗑 Delete"), f"gbdel:{entry.id}"),
                           Button(_("🚩 Report"), f"rep:g{entry.id}")),))


@notice_for(GuestbookReplied)
async def replied_notice(uow: UnitOfWork, event: Event, recipient: Account) -> Reply | None:
    assert isinstance(event, GuestbookReplied)
    owner, entry = await uow.accounts.get(event.owner_id), await uow.guestbook.get(event.entry_id)
    if owner is None or entry is None or not entry.reply:
        return None
    head = _("↩️ {who} replied to your entry g{id} in their guestbook:").format(who=who(owner), id=entry.id)
    return Reply(spans=(plain(head + "\n"), plain(snip(entry.reply))))


feature = Feature("guestbook", N_("The guestbook: sign zones, private notes, replies"), commands, topic="friends",
                  flows={"guestbook_reply": Flow(reply_flow, GUESTBOOK)})

__all__ = ["delete_entry", "entry_id", "feature"]
