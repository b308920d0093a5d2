"""Accounts and identities on SQLAlchemy."""

from __future__ import annotations

from collections import namedtuple
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.model import Account, Identity
from core.ports import IdentityState
from storage.accounts import convert
from storage.accounts.tables import AccountRow, IdentityRow, LinkCodeRow
from storage.albums.tables import AlbumRow
from storage.dialect import dialect_name, insert_ignore, took_account_lock
from storage.errors import repository
from storage.facts import FILTER_WORDS, epoch_of, facts
from storage.prepared import fetch, prepared, prepared_read
from storage.moderation.tables import ModRoleRow, SanctionRow
from storage.posts.tables import CommentRow, LikeRow, PostRow
from storage.social.tables import CareRow, CircleRow, FriendRequestRow, FriendshipRow
from storage.wallet.tables import LedgerRow, WalletRow


# Every message starts here, so the statement is built once; it also says whether the account
# has any ban or mute in force, which spares the moderation guard a query for everyone else.
_BY_IDENTITY = (
    select(
        *AccountRow.__table__.c, IdentityRow.reachable, IdentityRow.flow, IdentityRow.flow_expires_at,
        exists().where(SanctionRow.account_id == AccountRow.id).label("sanctioned"),
        select(WalletRow.timezone).where(WalletRow.account_id == AccountRow.id).scalar_subquery().label("time_zone"),
        # The facts later steps of a message would each ask for (storage.facts): read here, once.
        select(ModRoleRow.role).where(ModRoleRow.account_id == AccountRow.id).scalar_subquery().label("role"),
        exists().where(CareRow.cared_id == AccountRow.id).label("cared"),
        epoch_of(FILTER_WORDS).label("filter_epoch"),
    )
    .join(IdentityRow, IdentityRow.account_id == AccountRow.id)
    .where(IdentityRow.platform == bindparam("platform"), IdentityRow.external_id == bindparam("external_id"))
)


# Run as a storage.prepared statement (every message's first): its rows come back by position.
# PostgreSQL: the sender's account row is locked by it too (NO KEY UPDATE, as storage.dialect.lock_account
# takes it; SQLite renders no FOR clause). Every message ends with a rate-limit claim that needs that
# lock taken by an earlier statement than its own; taken here, on the trip that carries the BEGIN anyway,
# the claim asks for it no more: one round trip less per message. A message of the same person waits
# for this one from its first statement on, holding nothing else then (no lock order to invert).
_SENDER = prepared(_BY_IDENTITY.with_for_update(of=AccountRow, key_share=True))
# Anyone else's identity (a delivery's recipient, a command's target): the same row, no lock.
_IDENTITY = prepared_read(_BY_IDENTITY)
_SenderRow = namedtuple("_SenderRow", [c.key for c in _BY_IDENTITY.selected_columns])  # type: ignore[misc]


_GET_MANY = select(*AccountRow.__table__.c).where(AccountRow.id.in_(bindparam("ids", expanding=True)))


@repository
class SqlAccountRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, account_id: int) -> Account | None:
        row = await self.s.get(AccountRow, account_id)
        return convert.account(row) if row else None

    async def get_many(self, ids: list[int]) -> dict[int, Account]:
        if not ids:
            return {}
        conn = await self.s.connection()
        rows = await conn.execute(_GET_MANY, {"ids": ids})
        return {r.id: convert.account(r) for r in rows}

    async def by_handle(self, handle: str) -> Account | None:
        row = await self.s.scalar(select(AccountRow).where(AccountRow.handle == handle))
        return convert.account(row) if row else None

    async def by_identity(self, platform: str, external_id: str) -> Account | None:
        found = await self._identity_state(_IDENTITY, platform, external_id)
        return found.account if found else None

    async def by_identity_state(self, platform: str, external_id: str) -> IdentityState | None:
        """The sender of a message with their facts; on PostgreSQL their account row stays locked until commit."""
        found = await self._identity_state(_SENDER, platform, external_id)
        if found is not None and dialect_name(self.s) == "postgresql":
            took_account_lock(self.s, found.account.id)
        return found

    async def _identity_state(self, statement: Any, platform: str, external_id: str) -> IdentityState | None:
        # Plain rows, not ORM entities: loading entities costs more than this query.
        rows = await fetch(self.s, statement, {"platform": platform, "external_id": external_id})
        if not rows:
            return None
        row = _SenderRow(*rows[0])
        known = facts(self.s)
        known.roles[row.id] = row.role
        known.time_zones[row.id] = row.time_zone
        known.epochs[FILTER_WORDS] = row.filter_epoch
        if not row.cared:
            known.uncared.add(row.id)
        return IdentityState(convert.account(row), bool(row.reachable), row.flow, row.flow_expires_at,
                             sanctioned=bool(row.sanctioned), time_zone=row.time_zone)

    async def set_flow(
        self, platform: str, external_id: str, flow: dict[str, Any] | None, expires_at: datetime | None,
    ) -> None:
        await self.s.execute(
            update(IdentityRow).where(IdentityRow.platform == platform, IdentityRow.external_id == external_id)
            .values(flow=flow, flow_expires_at=expires_at)
        )

    async def add(self, account: Account) -> Account | None:
        # INSERT … ON CONFLICT DO NOTHING: a handle taken meanwhile (even by a transaction not yet
        # committed, which PostgreSQL waits for) is an answer, not an error that spoils the transaction.
        row = (await self.s.execute(insert_ignore(self.s, AccountRow).values(
            handle=account.handle, display_name=account.display_name, bio=account.bio,
            default_visibility=account.default_visibility.value,
            zone_visibility=account.zone_visibility.value, link_epoch=account.link_epoch,
            created_at=account.created_at, suggestable=account.suggestable, guestbook=account.guestbook.value,
        ).returning(*AccountRow.__table__.c))).first()
        return convert.account(row) if row is not None else None

    async def save(self, account: Account) -> None:
        await self.s.execute(update(AccountRow).where(AccountRow.id == account.id).values(
            display_name=account.display_name, bio=account.bio,
            default_visibility=account.default_visibility.value,
            zone_visibility=account.zone_visibility.value, link_epoch=account.link_epoch,
            suggestable=account.suggestable, guestbook=account.guestbook.value,
        ))

    async def set_picture(self, account_id: int, which: str, files: dict[str, str] | None) -> None:
        if which not in ("avatar", "cover"):
            raise ValueError(f"no picture called {which!r}")
        await self.s.execute(update(AccountRow).where(AccountRow.id == account_id).values({which: files}))

    async def set_language(self, account_id: int, language: str | None) -> None:
        await self.s.execute(update(AccountRow).where(AccountRow.id == account_id).values(language=language))

    async def set_language_hint(self, account_id: int, hint: str) -> None:
        await self.s.execute(update(AccountRow).where(AccountRow.id == account_id).values(language_hint=hint))

    async def claim_handle(self, account_id: int, handle: str) -> bool:
        other = aliased(AccountRow)
        stmt = (update(AccountRow)
                .where(AccountRow.id == account_id, ~exists().where(other.handle == handle, other.id != account_id))
                .values(handle=handle))
        if dialect_name(self.s) != "postgresql":
            # SQLite runs the statement under the database's write lock: the NOT EXISTS sees every
            # committed claim and nobody else can claim until we commit.
            return bool((await self.s.execute(stmt)).rowcount)  # type: ignore[attr-defined]
        # PostgreSQL: a claim made by a transaction that commits while we wait trips the unique
        # index instead; the savepoint keeps the rest of the transaction intact.
        try:
            async with self.s.begin_nested():
                return bool((await self.s.execute(stmt)).rowcount)  # type: ignore[attr-defined]
        except IntegrityError:
            return False

    async def add_identity(self, identity: Identity) -> bool:
        result = await self.s.execute(insert_ignore(self.s, IdentityRow).values(
            platform=identity.platform, external_id=identity.external_id,
            account_id=identity.account_id, display_name=identity.display_name, reachable=True,
        ))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def move_identity(self, platform: str, external_id: str, account_id: int) -> None:
        await self.s.execute(
            update(IdentityRow).where(IdentityRow.platform == platform, IdentityRow.external_id == external_id)
            .values(account_id=account_id, reachable=True)
        )

    async def identities(self, account_id: int) -> list[Identity]:
        rows = await self.s.scalars(
            select(IdentityRow).where(IdentityRow.account_id == account_id).order_by(IdentityRow.id)
        )
        return [convert.identity(r) for r in rows]

    async def handles_starting(self, prefix: str, limit: int) -> list[tuple[int, str]]:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = await self.s.execute(
            select(AccountRow.id, AccountRow.handle).where(AccountRow.handle.like(escaped + "%", escape="\\"))
            .order_by(AccountRow.handle).limit(limit)
        )
        return [(r.id, r.handle) for r in rows]

    async def is_empty(self, account_id: int) -> bool:
        probes = [
            exists().where(PostRow.author_id == account_id),
            exists().where(CommentRow.author_id == account_id),
            exists().where(LikeRow.account_id == account_id),
            exists().where(FriendshipRow.account_id == account_id),
            exists().where(or_(FriendRequestRow.from_id == account_id, FriendRequestRow.to_id == account_id)),
            exists().where(CircleRow.owner_id == account_id),
            exists().where(AlbumRow.owner_id == account_id),
            exists().where(LedgerRow.account_id == account_id),
        ]
        for probe in probes:
            if await self.s.scalar(select(probe)):
                return False
        return True

    async def delete(self, account_id: int) -> None:
        await self.s.execute(delete(AccountRow).where(AccountRow.id == account_id))

    async def add_link_code(self, code_hash: str, account_id: int, expires_at: datetime) -> None:
        self.s.add(LinkCodeRow(code_hash=code_hash, account_id=account_id, expires_at=expires_at))
        await self.s.flush()

    async def take_link_code(self, code_hash: str, now: datetime) -> int | None:
        # DELETE … RETURNING keeps a code single-use even when two messengers race for it.
        row = (await self.s.execute(
            delete(LinkCodeRow).where(LinkCodeRow.code_hash == code_hash)
            .returning(LinkCodeRow.account_id, LinkCodeRow.expires_at)
        )).first()
        await self.s.execute(delete(LinkCodeRow).where(LinkCodeRow.expires_at < now))
        if row is None:
            return None
        expires_at = row.expires_at
        if expires_at.tzinfo is None:  # RETURNING bypasses the column type on some drivers
            expires_at = expires_at.replace(tzinfo=now.tzinfo)
        return row.account_id if expires_at > now else None
