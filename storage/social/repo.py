"""Friendships, requests, blocks and circles on SQLAlchemy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, exists, func, insert, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.model import Circle, Relation, circle_key
from core.privacy import Predicate
from storage.accounts.tables import AccountRow
from storage.dialect import insert_ignore, lock_account
from storage.errors import repository
from storage.facts import facts
from storage.privacy_sql import Columns, compile_rule
from storage.social.tables import BlockRow, CareRow, CircleMemberRow, CircleRow, FriendRequestRow, FriendshipRow


@repository
class SqlSocialRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def relation(self, viewer_id: int | None, owner_id: int) -> Relation:
        if viewer_id is None:
            return Relation()
        if viewer_id == owner_id:
            return Relation(is_self=True)
        flags = (await self.s.execute(select(
            exists().where(FriendshipRow.account_id == owner_id, FriendshipRow.friend_id == viewer_id),
            exists().where(BlockRow.blocker_id == owner_id, BlockRow.blocked_id == viewer_id),
            exists().where(BlockRow.blocker_id == viewer_id, BlockRow.blocked_id == owner_id),
            exists().where(or_(and_(FriendRequestRow.from_id == viewer_id, FriendRequestRow.to_id == owner_id),
                               and_(FriendRequestRow.from_id == owner_id, FriendRequestRow.to_id == viewer_id))),
        ))).one()
        is_friend, blocked = bool(flags[0]), bool(flags[1])
        circles: frozenset[int] = frozenset()
        if is_friend:  # circles hold only friends: strangers need no second query
            circles = frozenset(await self.s.scalars(
                select(CircleMemberRow.circle_id).join(CircleRow, CircleRow.id == CircleMemberRow.circle_id)
                .where(CircleRow.owner_id == owner_id, CircleMemberRow.member_id == viewer_id)
            ))
        return Relation(is_friend=is_friend, blocked_by_owner=blocked, circle_ids=circles,
                        blocks_owner=bool(flags[2]), requested=bool(flags[3]))

    async def are_friends(self, a: int, b: int) -> bool:
        return await self.s.get(FriendshipRow, (a, b)) is not None

    async def friend_ids(self, account_id: int) -> list[int]:
        return list(await self.s.scalars(select(FriendshipRow.friend_id).where(FriendshipRow.account_id == account_id)))

    async def count_friends(self, account_id: int, viewer_id: int | None, rule: Predicate) -> int:
        shown = compile_rule(rule, viewer_id, Columns(owner=FriendshipRow.friend_id))
        q = select(func.count()).select_from(FriendshipRow).where(FriendshipRow.account_id == account_id, shown)
        return int(await self.s.scalar(q, {"viewer_id": viewer_id}) or 0)

    async def add_friendship(self, a: int, b: int) -> None:
        await self.s.execute(insert_ignore(self.s, FriendshipRow).values(
            [{"account_id": a, "friend_id": b}, {"account_id": b, "friend_id": a}]
        ))

    async def remove_friendship(self, a: int, b: int) -> None:
        await self.s.execute(delete(FriendshipRow).where(
            ((FriendshipRow.account_id == a) & (FriendshipRow.friend_id == b))
            | ((FriendshipRow.account_id == b) & (FriendshipRow.friend_id == a))
        ))

    async def add_request(self, from_id: int, to_id: int, at: datetime) -> None:
        await self.s.execute(insert(FriendRequestRow).values(from_id=from_id, to_id=to_id, created_at=at))

    async def has_request(self, from_id: int, to_id: int) -> bool:
        return await self.s.get(FriendRequestRow, (from_id, to_id)) is not None

    async def delete_request(self, from_id: int, to_id: int) -> bool:
        result = await self.s.execute(
            delete(FriendRequestRow).where(FriendRequestRow.from_id == from_id, FriendRequestRow.to_id == to_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def incoming_requests(self, to_id: int) -> list[int]:
        return list(await self.s.scalars(
            select(FriendRequestRow.from_id).where(FriendRequestRow.to_id == to_id).order_by(FriendRequestRow.created_at)
        ))

    async def outgoing_requests(self, from_id: int) -> list[int]:
        return list(await self.s.scalars(
            select(FriendRequestRow.to_id).where(FriendRequestRow.from_id == from_id).order_by(FriendRequestRow.created_at)
        ))

    async def block(self, by_id: int, blocked_id: int) -> None:
        await self.s.execute(insert_ignore(self.s, BlockRow).values(blocker_id=by_id, blocked_id=blocked_id))

    async def unblock(self, by_id: int, blocked_id: int) -> bool:
        result = await self.s.execute(delete(BlockRow).where(BlockRow.blocker_id == by_id, BlockRow.blocked_id == blocked_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def is_blocked(self, by_id: int, blocked_id: int) -> bool:
        return await self.s.get(BlockRow, (by_id, blocked_id)) is not None

    async def _circle(self, row: CircleRow) -> Circle:
        members = await self.s.scalars(
            select(CircleMemberRow.member_id).where(CircleMemberRow.circle_id == row.id).order_by(CircleMemberRow.member_id)
        )
        return Circle(id=row.id, owner_id=row.owner_id, name=row.name, member_ids=tuple(members))

    async def lock_circles(self, owner_id: int) -> None:
        await lock_account(self.s, owner_id, reads_follow=True)

    async def add_circle(self, owner_id: int, name: str) -> Circle:
        row = CircleRow(owner_id=owner_id, name=name)
        self.s.add(row)
        await self.s.flush()
        return Circle(id=row.id, owner_id=owner_id, name=name)

    async def circle_by_name(self, owner_id: int, name: str) -> Circle | None:
        # One owner has at most a few dozen circles: matching their keys here beats a casefold in SQL
        # (SQLite's lower() knows only ASCII).
        wanted = circle_key(name)
        rows = await self.s.scalars(select(CircleRow).where(CircleRow.owner_id == owner_id))
        row = next((r for r in rows if circle_key(r.name) == wanted), None)
        return await self._circle(row) if row else None

    async def circles_of(self, owner_id: int) -> list[Circle]:
        rows = (await self.s.scalars(select(CircleRow).where(CircleRow.owner_id == owner_id).order_by(CircleRow.name))).all()
        return [await self._circle(r) for r in rows]

    async def delete_circle(self, circle_id: int) -> None:
        await self.s.execute(delete(CircleRow).where(CircleRow.id == circle_id))

    async def add_member(self, circle_id: int, member_id: int) -> bool:
        result = await self.s.execute(insert_ignore(self.s, CircleMemberRow).values(circle_id=circle_id, member_id=member_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def remove_member(self, circle_id: int, member_id: int) -> bool:
        result = await self.s.execute(
            delete(CircleMemberRow).where(CircleMemberRow.circle_id == circle_id, CircleMemberRow.member_id == member_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def leave_circles_of(self, owner_id: int, member_id: int) -> None:
        owned = select(CircleRow.id).where(CircleRow.owner_id == owner_id)
        await self.s.execute(
            delete(CircleMemberRow).where(CircleMemberRow.member_id == member_id, CircleMemberRow.circle_id.in_(owned))
        )

    # --- special care ----------------------------------------------------------------------------
    async def add_care(self, carer_id: int, cared_id: int, at: datetime, cap: int) -> bool:
        """One conditional INSERT … SELECT under the carer's row lock (PostgreSQL): never past `cap`."""
        if not await lock_account(self.s, carer_id):
            return False
        count = select(func.count()).select_from(CareRow).where(CareRow.carer_id == carer_id).scalar_subquery()
        already = exists().where(CareRow.carer_id == carer_id, CareRow.cared_id == cared_id)
        source = select(
            literal(carer_id, CareRow.carer_id.type), literal(cared_id, CareRow.cared_id.type),
            literal(at, CareRow.created_at.type),
        ).where(count < cap, ~already)
        result = await self.s.execute(insert(CareRow).from_select(["carer_id", "cared_id", "created_at"], source))
        facts(self.s).uncared.discard(cared_id)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def remove_care(self, carer_id: int, cared_id: int) -> bool:
        result = await self.s.execute(delete(CareRow).where(CareRow.carer_id == carer_id, CareRow.cared_id == cared_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def cared_by(self, carer_id: int) -> list[int]:
        return list(await self.s.scalars(
            select(CareRow.cared_id).where(CareRow.carer_id == carer_id).order_by(CareRow.created_at, CareRow.cared_id)
        ))

    async def carers_of(self, cared_id: int) -> list[int]:
        if cared_id in facts(self.s).uncared:
            return []  # read with the sender (storage.facts): nobody, no query
        return list(await self.s.scalars(
            select(CareRow.carer_id).where(CareRow.cared_id == cared_id).order_by(CareRow.carer_id)
        ))

    async def suggestions(self, viewer_id: int, rule: Predicate, via: Predicate, limit: int) -> list[tuple[int, int]]:
        mine, theirs = aliased(FriendshipRow), aliased(FriendshipRow)  # unaliased, the rule's EXISTS stay uncorrelated
        offered = compile_rule(rule, viewer_id, Columns(owner=theirs.friend_id, zone=AccountRow.zone_visibility,
                                                         suggestable=AccountRow.suggestable))
        through = compile_rule(via, viewer_id, Columns(owner=mine.friend_id))
        mutual = func.count()
        q = (select(theirs.friend_id, mutual)
             .select_from(mine).join(theirs, theirs.account_id == mine.friend_id)
             .join(AccountRow, AccountRow.id == theirs.friend_id)
             .where(mine.account_id == viewer_id, offered, through)
             .group_by(theirs.friend_id, AccountRow.handle).order_by(mutual.desc(), AccountRow.handle).limit(limit))
        return [(int(i), int(n)) for i, n in (await self.s.execute(q, {"viewer_id": viewer_id})).all()]

    async def search(self, viewer_id: int | None, text: str, rule: Predicate, limit: int) -> list[int]:
        shown = compile_rule(rule, viewer_id, Columns(owner=AccountRow.id, zone=AccountRow.zone_visibility,
                                                       suggestable=AccountRow.suggestable))
        needle = text.lower()
        matches = or_(func.lower(AccountRow.handle).contains(needle, autoescape=True),
                      func.lower(AccountRow.display_name).contains(needle, autoescape=True))
        exact = (AccountRow.handle == needle).desc()
        q = select(AccountRow.id).where(matches, shown).order_by(exact, AccountRow.handle).limit(limit)
        return [int(i) for i in await self.s.scalars(q, {"viewer_id": viewer_id})]
