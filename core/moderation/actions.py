"""Moderation: roles, actions on posts and accounts, expiry, and the audit log.

Admins are named in config per messenger identity; roles belong to the account, so an admin's
every linked messenger is admin too. Moderators are appointed from chat. Every action — and
every refused attempt — is written to the audit log and raised as an outbox event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.events import Event
from core.i18n import N_, _
from core.model import Account, Post, PostStatus
from core.moderation.events import ModerationTaken, ReportFiled
from core.moderation.model import TELLS_TARGET, Action, LogEntry, Refused, Role, Sanction, SanctionKind
from core.ports import UnitOfWork
from core.recipients import recipients_for

Admins = Mapping[str, frozenset[str]]
LOG_PAGE = 20


@dataclass(frozen=True)
class Staff:
    """A moderator or admin, checked for this transaction."""

    account: Account
    role: Role
    admins: Admins


async def role_of(uow: UnitOfWork, admins: Admins, account: Account) -> Role:
    """Admin if any linked identity is named in config; moderator if appointed; else user."""
    for ident in await uow.accounts.identities(account.id):
        if ident.external_id in admins.get(ident.platform, frozenset()):
            return Role.ADMIN
    return Role.MODERATOR if await uow.moderation.role(account.id) is Role.MODERATOR else Role.USER


async def record(
    uow: UnitOfWork, now: datetime, actor_id: int | None, action: Action, *, target_id: int | None = None,
    post_id: int | None = None, reason: str = "", until: datetime | None = None, snippet: str = "",
    comment_id: int | None = None, entry_id: int | None = None,
) -> LogEntry:
    """Write the audit log line and its outbox event in the caller's transaction."""
    entry = await uow.moderation.add_log(LogEntry(0, now, actor_id, action, target_id, post_id, reason, until,
                                                  comment_id, entry_id))
    await uow.outbox.add(ModerationTaken(
        entry.id, action, actor_id, target_id, post_id, reason, until.isoformat() if until else None, snippet,
        comment_id, entry_id,
    ), now)
    return entry


async def require(uow: UnitOfWork, now: datetime, admins: Admins, actor: Account, role: Role, what: str) -> Staff:
    """The actor as staff of at least `role`, or Refused after logging the attempt (`what` was tried).

    The log line is written in the caller's transaction: the caller answers the refusal and
    commits (the router does), so a refused attempt is never rolled back with the command.
    """
    have = await role_of(uow, admins, actor)
    if have.rank >= role.rank:
        return Staff(actor, have, admins)
    await record(uow, now, actor.id, Action.DENIED, reason=what[:200])
    raise Refused(role)


# What a moderator may not do to themselves, or (unless an admin) to another moderator: whole
# sentences per verb, so each language words them its own way.
_NOT_YOURSELF = {
    "hide posts of": N_("You can't hide posts of yourself."),
    "restore posts of": N_("You can't restore posts of yourself."),
    "delete posts of": N_("You can't delete posts of yourself."),
    "hide comments of": N_("You can't hide comments of yourself."),
    "restore comments of": N_("You can't restore comments of yourself."),
    "delete comments of": N_("You can't delete comments of yourself."),
    "hide guestbook entries of": N_("You can't hide guestbook entries of yourself."),
    "restore guestbook entries of": N_("You can't restore guestbook entries of yourself."),
    "delete guestbook entries of": N_("You can't delete guestbook entries of yourself."),
    "ban": N_("You can't ban yourself."),
    "mute": N_("You can't mute yourself."),
}
_ONLY_AN_ADMIN = {
    "hide posts of": N_("@{handle} is a moderator; only an admin can hide posts of them."),
    "restore posts of": N_("@{handle} is a moderator; only an admin can restore posts of them."),
    "delete posts of": N_("@{handle} is a moderator; only an admin can delete posts of them."),
    "hide comments of": N_("@{handle} is a moderator; only an admin can hide comments of them."),
    "restore comments of": N_("@{handle} is a moderator; only an admin can restore comments of them."),
    "delete comments of": N_("@{handle} is a moderator; only an admin can delete comments of them."),
    "hide guestbook entries of": N_("@{handle} is a moderator; only an admin can hide guestbook entries of them."),
    "restore guestbook entries of": N_("@{handle} is a moderator; only an admin can restore guestbook entries of them."),
    "delete guestbook entries of": N_("@{handle} is a moderator; only an admin can delete guestbook entries of them."),
    "ban": N_("@{handle} is a moderator; only an admin can ban them."),
    "mute": N_("@{handle} is a moderator; only an admin can mute them."),
}


async def check_target(uow: UnitOfWork, staff: Staff, target: Account, verb: str) -> None:
    """Refuse acting on oneself, on an admin, or (unless an admin) on a moderator (`verb`: a key of `_NOT_YOURSELF`)."""
    if target.id == staff.account.id:
        raise Invalid(_(_NOT_YOURSELF[verb]))
    role = await role_of(uow, staff.admins, target)
    if role is Role.ADMIN:
        raise Forbidden(_("@{handle} is an admin; admins can't be moderated.").format(handle=target.handle))
    if role is Role.MODERATOR and staff.role is not Role.ADMIN:
        raise Forbidden(_(_ONLY_AN_ADMIN[verb]).format(handle=target.handle))


async def _post_and_author(uow: UnitOfWork, staff: Staff, post_id: int, verb: str) -> tuple[Post, Account]:
    post = await uow.posts.get(post_id)
    author = await uow.accounts.get(post.author_id) if post else None
    if post is None or author is None:
        raise NotFound(_("There is no post #{id}.").format(id=post_id))
    await check_target(uow, staff, author, verb)
    return post, author


async def hide_post(uow: UnitOfWork, now: datetime, staff: Staff, post_id: int, reason: str) -> Post:
    """Hidden from everyone but the author, who is told why."""
    post, author = await _post_and_author(uow, staff, post_id, "hide posts of")
    if post.status is PostStatus.HIDDEN:
        raise Conflict(_("#{id} is already hidden. /mod restore {id} shows it again.").format(id=post_id))
    post.status = PostStatus.HIDDEN
    await uow.posts.save(post)
    await uow.moderation.close_reports(post_id=post.id)
    await record(uow, now, staff.account.id, Action.HIDE, target_id=author.id, post_id=post.id, reason=reason)
    return post


async def restore_post(uow: UnitOfWork, now: datetime, staff: Staff, post_id: int) -> Post:
    post, author = await _post_and_author(uow, staff, post_id, "restore posts of")
    if post.status is PostStatus.ACTIVE:
        raise Conflict(_("#{id} is not hidden.").format(id=post_id))
    post.status = PostStatus.ACTIVE
    await uow.posts.save(post)
    await uow.moderation.close_reports(post_id=post.id)
    await record(uow, now, staff.account.id, Action.RESTORE, target_id=author.id, post_id=post.id)
    return post


async def delete_post(uow: UnitOfWork, now: datetime, staff: Staff, post_id: int, reason: str) -> Post:
    post, author = await _post_and_author(uow, staff, post_id, "delete posts of")
    await uow.moderation.close_reports(post_id=post.id)
    await uow.posts.delete(post.id)
    snippet = (post.title or post.body)[:80]
    await record(uow, now, staff.account.id, Action.DELETE, target_id=author.id, post_id=post.id, reason=reason,
                 snippet=snippet)
    return post


async def _sanction(uow: UnitOfWork, now: datetime, staff: Staff, target: Account, kind: SanctionKind,
                    duration: timedelta | None, reason: str) -> Sanction:
    await check_target(uow, staff, target, kind.value)
    until = now + duration if duration is not None else None
    sanction = Sanction(target.id, kind, until, reason, staff.account.id, now)
    await uow.moderation.put_sanction(sanction)  # a second ban or mute replaces the first
    await record(uow, now, staff.account.id, kind.action, target_id=target.id, reason=reason, until=until)
    return sanction


async def mute(uow: UnitOfWork, now: datetime, staff: Staff, target: Account, duration: timedelta,
               reason: str) -> Sanction:
    """Can read, can't post or comment, until `duration` has passed."""
    return await _sanction(uow, now, staff, target, SanctionKind.MUTE, duration, reason)


async def ban(uow: UnitOfWork, now: datetime, staff: Staff, target: Account, duration: timedelta | None,
              reason: str) -> Sanction:
    """The zone disappears for everyone else; the bot answers only with the ban notice."""
    sanction = await _sanction(uow, now, staff, target, SanctionKind.BAN, duration, reason)
    await uow.moderation.close_reports(target_id=target.id)
    return sanction


async def _lift(uow: UnitOfWork, now: datetime, staff: Staff, target: Account, kind: SanctionKind) -> None:
    if not await uow.moderation.lift(target.id, kind):
        text = _("@{handle} isn't banned.") if kind is SanctionKind.BAN else _("@{handle} isn't muted.")
        raise NotFound(text.format(handle=target.handle))
    await record(uow, now, staff.account.id, kind.lifted, target_id=target.id)


async def unmute(uow: UnitOfWork, now: datetime, staff: Staff, target: Account) -> None:
    await _lift(uow, now, staff, target, SanctionKind.MUTE)


async def unban(uow: UnitOfWork, now: datetime, staff: Staff, target: Account) -> None:
    await _lift(uow, now, staff, target, SanctionKind.BAN)


async def expire(uow: UnitOfWork, now: datetime) -> list[Sanction]:
    """Lift every ban and mute whose time is up (run before each message and by the dispatcher loop)."""
    due = await uow.moderation.due(now)
    lifted = []
    for s in due:
        if await uow.moderation.lift(s.account_id, s.kind):  # another process may have lifted it first
            await record(uow, now, None, s.kind.expired, target_id=s.account_id)
            lifted.append(s)
    return lifted


async def expire_for(uow: UnitOfWork, now: datetime, account_id: int) -> None:
    """Lift one account's ban or mute whose time is up (before each of its messages).

    The global sweep (`expire`) runs from the dispatcher loop; doing it per message would cost
    every message a query for everyone's sanctions.
    """
    for kind in SanctionKind:
        s = await uow.moderation.sanction(account_id, kind)
        if s is not None and s.until is not None and s.until <= now and await uow.moderation.lift(account_id, kind):
            await record(uow, now, None, kind.expired, target_id=account_id)


async def promote(uow: UnitOfWork, now: datetime, staff: Staff, target: Account) -> None:
    role = await role_of(uow, staff.admins, target)
    if role is not Role.USER:
        text = _("@{handle} is already an admin.") if role is Role.ADMIN else _("@{handle} is already a moderator.")
        raise Conflict(text.format(handle=target.handle))
    await uow.moderation.set_role(target.id, Role.MODERATOR, staff.account.id, now)
    await record(uow, now, staff.account.id, Action.PROMOTE, target_id=target.id)


async def demote(uow: UnitOfWork, now: datetime, staff: Staff, target: Account) -> None:
    role = await role_of(uow, staff.admins, target)
    if role is Role.ADMIN:
        raise Forbidden(_("@{handle} is an admin by configuration; change the config to remove them.").format(
            handle=target.handle))
    if role is not Role.MODERATOR or not await uow.moderation.drop_role(target.id):
        raise NotFound(_("@{handle} isn't a moderator.").format(handle=target.handle))
    await record(uow, now, staff.account.id, Action.DEMOTE, target_id=target.id)


async def log_entries(uow: UnitOfWork, about: Account | None, limit: int = LOG_PAGE) -> list[LogEntry]:
    """Newest first; with `about`, the lines where that account acted or was acted on."""
    return await uow.moderation.log_entries(about.id if about else None, limit)


async def note_admin(uow: UnitOfWork, now: datetime, admins: Admins, account: Account, platform: str,
                     external_id: str) -> None:
    """Mirror a configured admin's account into the roles table, so reports reach them."""
    if external_id in admins.get(platform, frozenset()) and await uow.moderation.role(account.id) is not Role.ADMIN:
        await uow.moderation.set_role(account.id, Role.ADMIN, None, now)


async def sync_admins(uow: UnitOfWork, now: datetime, admins: Admins) -> None:
    """At start: admin rows for exactly the configured identities that have accounts."""
    ids: list[int] = []
    for platform, external_ids in admins.items():
        for external_id in external_ids:
            account = await uow.accounts.by_identity(platform, external_id)
            if account is not None:
                ids.append(account.id)
                await note_admin(uow, now, admins, account, platform, external_id)
    await uow.moderation.keep_admins(ids)


@recipients_for(ModerationTaken)
async def _told(uow: UnitOfWork, event: Event) -> list[int]:
    assert isinstance(event, ModerationTaken)
    if event.action in TELLS_TARGET and event.target_id is not None and event.target_id != event.actor_id:
        return [event.target_id]
    return []


@recipients_for(ReportFiled)
async def _moderators(uow: UnitOfWork, event: Event) -> list[int]:
    assert isinstance(event, ReportFiled)
    return [i for i in await uow.moderation.staff_ids() if i not in (event.reporter_id, event.target_id)]
