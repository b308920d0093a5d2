"""Accounts, identities, profile settings and cross-messenger linking."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from core.accounts.events import IdentityLinked
from core.errors import Conflict, Invalid, NotFound
from core.i18n import _
from core.model import (
    MAX_BIO, MAX_NAME, Account, GuestbookAccess, Identity, Visibility, ZoneVisibility, validate_handle, validate_text,
)
from core.ports import UnitOfWork
from core.text import clean, visible

LINK_CODE_TTL = timedelta(minutes=10)
# No 0/O, 1/I/L: codes are read off one screen and typed into another.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LEN = 12  # 31**12 ≈ 2**59 possibilities against a 10-minute window


def derive_handle(name: str) -> str:
    """Turn a messenger name into a handle candidate (`Zoë Smith` → `zoe_smith`)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    handle = re.sub(r"[^a-z0-9_]+", "_", ascii_name.lower()).strip("_")[:20]
    if len(handle) < 3:
        handle = (handle + "_user" if handle else "user")[:20]
    return handle


def _handle_candidates(base: str) -> list[str]:
    """`base`, then `base2`, `base3`, …, then a random one: tried in order until an insert wins."""
    numbered = [base[: 20 - len(str(n))] + str(n) for n in range(2, 100)]
    return [base, *numbered, base[:12] + secrets.token_hex(4)]


@dataclass(frozen=True)
class Arrival:
    """Who sent a message: their account, whether it was just made, and any flow in progress."""

    account: Account
    created: bool = False
    flow: dict[str, Any] | None = None
    time_zone: str | None = None
    """The time zone they chose (/timezone), None: the site's."""


async def arrive(
    uow: UnitOfWork, now: datetime, platform: str, external_id: str, display_name: str,
    username: str | None = None,
) -> Arrival:
    """The account behind a messenger identity (created at first contact), in one query when it exists."""
    found = await uow.accounts.by_identity_state(platform, external_id)
    if found is None:
        account, _created = await ensure_account(uow, now, platform, external_id, display_name, username)
        return Arrival(account, created=True)
    if not found.sanctioned:
        uow.moderation.known_unsanctioned(found.account.id)
    if not found.reachable:
        # They wrote to us, so they unblocked the bot: notifications may flow again.
        await uow.outbox.set_reachable(platform, external_id, True)
    live = found.flow if found.flow_expires_at is not None and found.flow_expires_at > now else None
    return Arrival(found.account, flow=live, time_zone=found.time_zone)


async def ensure_account(
    uow: UnitOfWork, now: datetime, platform: str, external_id: str, display_name: str,
    username: str | None = None,
) -> tuple[Account, bool]:
    """The account behind a messenger identity, created at first contact."""
    account = await uow.accounts.by_identity(platform, external_id)
    if account is not None:
        return account, False
    # Several processes may see this person's first message at once: each claim below is one
    # statement that either wins or says it lost (never an error), and a loser takes the winner's account.
    cleaned = clean(display_name, multiline=False)[:MAX_NAME]
    for handle in _handle_candidates(derive_handle(username or display_name or "user")):
        if await uow.accounts.by_handle(handle) is not None:
            continue
        # A messenger name is user text too; one of only invisible characters falls back to the handle.
        name = cleaned if visible(cleaned) else handle
        account = await uow.accounts.add(Account(id=0, handle=handle, display_name=name, created_at=now))
        if account is not None:
            break
        if (winner := await uow.accounts.by_identity(platform, external_id)) is not None:
            return winner, False  # the handle went to this very person, made by another process
    else:
        raise Conflict(_("Setting up your account took too long — please send your message again."))
    identity = Identity(platform=platform, external_id=external_id, account_id=account.id, display_name=account.display_name)
    if not await uow.accounts.add_identity(identity):
        await uow.accounts.delete(account.id)
        winner = await uow.accounts.by_identity(platform, external_id)
        if winner is None:
            raise Conflict(_("Someone changed this at the same moment — please try again."))
        return winner, False
    return account, True


def unknown_handle(handle: str) -> NotFound:
    """The one answer for a handle nobody has — and for a banned person's, who must not stand out."""
    return NotFound(_("No one is called @{handle} here. Check the spelling.").format(handle=handle or "?"))


async def by_handle(uow: UnitOfWork, handle: str) -> Account:
    wanted = clean(handle, multiline=False).lstrip("@").lower()
    account = await uow.accounts.by_handle(wanted) if wanted else None
    if account is None:
        raise unknown_handle(wanted)
    return account


async def change_handle(uow: UnitOfWork, account: Account, new: str) -> Account:
    handle = validate_handle(new)
    if handle == account.handle:
        return account
    # One conditional statement decides: two people claiming one handle at once can't both win.
    if not await uow.accounts.claim_handle(account.id, handle):
        raise Conflict(_("@{handle} is taken — try another.").format(handle=handle))
    account.handle = handle
    return account


async def change_name(uow: UnitOfWork, account: Account, name: str) -> Account:
    account.display_name = validate_text(name, what="name", limit=MAX_NAME, multiline=False)
    await uow.accounts.save(account)
    return account


async def change_bio(uow: UnitOfWork, account: Account, bio: str) -> Account:
    account.bio = validate_text(bio, what="bio", limit=MAX_BIO, allow_empty=True)
    await uow.accounts.save(account)
    return account


async def change_privacy(
    uow: UnitOfWork, account: Account, *, zone: str | None = None, default: str | None = None,
    suggest: bool | None = None,
    guestbook: str | None = None,
) -> Account:
    if zone is not None:
        try:
            account.zone_visibility = ZoneVisibility(zone)
        except ValueError:
            raise Invalid(_("Zone visibility is one of: public, friends, private.")) from None
    if default is not None:
        if default not in ("public", "friends", "private"):
            raise Invalid(_("Default visibility is one of: public, friends, private."))
        account.default_visibility = Visibility(default)
    if suggest is not None:
        account.suggestable = suggest
    if guestbook is not None:
        try:
            account.guestbook = GuestbookAccess(guestbook)
        except ValueError:
            raise Invalid(_("Who may sign your guestbook is one of: everyone, friends, nobody.")) from None
    await uow.accounts.save(account)
    return account


def _hash_code(code: str) -> str:
    normal = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normal.encode()).hexdigest()


async def create_link_code(uow: UnitOfWork, now: datetime, account: Account) -> str:
    """A one-time code that joins another messenger identity to `account`; stored hashed."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LEN))
    await uow.accounts.add_link_code(_hash_code(raw), account.id, now + LINK_CODE_TTL)
    return "-".join(raw[i : i + 4] for i in range(0, _CODE_LEN, 4))


async def redeem_link_code(
    uow: UnitOfWork, now: datetime, current: Account, platform: str, external_id: str, code: str,
) -> Account:
    """Join the sending identity to the account that made `code`."""
    target_id = await uow.accounts.take_link_code(_hash_code(code), now)
    if target_id is None:
        raise Invalid(_("That code is unknown, used or expired. Send /link on your other messenger for a new one."))
    if target_id == current.id:
        raise Conflict(_("This messenger is already linked to that account."))
    others = [i for i in await uow.accounts.identities(current.id) if (i.platform, i.external_id) != (platform, external_id)]
    if others or not await uow.accounts.is_empty(current.id):
        raise Conflict(_("@{handle} already has its own posts, friends or linked messengers; linking would abandon "
                         "them. Link from a fresh messenger account instead.").format(handle=current.handle))
    await uow.accounts.move_identity(platform, external_id, target_id)
    await uow.accounts.delete(current.id)
    await uow.outbox.add(IdentityLinked(account_id=target_id, platform=platform), now)
    target = await uow.accounts.get(target_id)
    assert target is not None
    return target


async def revoke_links(uow: UnitOfWork, account: Account) -> Account:
    """Invalidate every zone link, web session and feed token this account was given."""
    account.link_epoch += 1
    await uow.accounts.save(account)
    return account
