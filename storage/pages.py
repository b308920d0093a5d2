"""core.pages on SQLAlchemy: a reader, and a zone as one viewer meets it, each in one statement.

Every question a zone page asks is a scalar subquery beside the owner's row, so the page costs
one trip to the database instead of a dozen. The counts are compiled from the rules core passes
(storage/privacy_sql.py), the same as every listing; the relation comes back as raw atoms for
core.privacy.evaluate. Statements depend only on the rules' shapes, the dialect and how many
days are asked for, so each is built once per process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import String, aggregate_order_by, and_, bindparam, cast, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Account, Comment, Photo, PostKind, PostStatus, Relation
from core.moderation.model import SanctionKind
from core.pages import Listed, Reader, ZoneFacts
from core.privacy import Predicate
from storage.accounts.tables import AccountRow
from storage.albums.convert import photo_at
from storage.dialect import dialect_name
from storage.errors import repository
from storage.moderation.tables import SanctionRow
from storage.outbox.tables import NotificationRow
from storage.posts import statements as posts
from storage.posts.convert import ACCOUNT_COLUMNS, ACCOUNT_WIDTH, account_at
from storage.posts.listing import LISTED_WIDTH, listed_row
from storage.posts.statements import TALLY_COLUMNS
from storage.posts.tables import PostTallyRow
from storage.prepared import Prepared, fetch, prepared_read
from storage.privacy_sql import VIEWER, Columns, compile_rule
from storage.social.tables import BlockRow, CircleMemberRow, CircleRow, FriendRequestRow, FriendshipRow
from storage.visits.tables import VisitRow
from storage.wallet.tables import InventoryRow, WalletRow

_OWNER = AccountRow.id

# The reader beside the zone's owner (PageReads.zone(reader=True)): their row, time zone and unread count.
_R = AccountRow.__table__.alias("reader")
_RW = WalletRow.__table__.alias("reader_wallet")
_READER_COLUMNS = (
    *(_R.c[c.key].label(f"r_{c.key}") for c in ACCOUNT_COLUMNS), _RW.c.timezone.label("r_tz"),
    select(func.count()).select_from(NotificationRow)
    .where(NotificationRow.account_id == _R.c.id, NotificationRow.read_at.is_(None))
    .correlate(_R).scalar_subquery().label("r_unread"),
)

_READER = Prepared(
    select(*ACCOUNT_COLUMNS, WalletRow.timezone.label("reader_tz"),
           select(func.count()).select_from(NotificationRow)
           .where(NotificationRow.account_id == _OWNER, NotificationRow.read_at.is_(None))
           .scalar_subquery().label("reader_unread"))
    .outerjoin(WalletRow, WalletRow.account_id == _OWNER)
    .where(_OWNER == bindparam("account_id")),
    reads=True,
)


def _joined(dialect: str, column: Any, where: Any, order: tuple[Any, ...]) -> Any:
    """The values of `column` in `order`, joined with commas, as one scalar (NULL when none)."""
    if dialect == "postgresql":
        return (select(aggregate_order_by(func.aggregate_strings(column, ","), *order)).where(where)
                .correlate(AccountRow).scalar_subquery())
    # SQLite before 3.44 has no ORDER BY inside an aggregate; it keeps an ordered subquery's order
    # (an aggregate over a subquery with ORDER BY is never flattened).
    inner = select(column.label("v")).where(where).order_by(*order).correlate(AccountRow).subquery()
    return select(func.aggregate_strings(inner.c.v, ",")).scalar_subquery()


def _count(table: Any, *where: Any) -> Any:
    return select(func.count()).select_from(table).where(*where).scalar_subquery()


@lru_cache(maxsize=64)
def _zone(dialect: str, post_rule: Predicate, friend_rule: Predicate, anonymous: bool, days: int,
          reader: bool) -> Prepared:
    viewer = None if anonymous else 0
    circles = _joined(dialect, cast(CircleMemberRow.circle_id, String),
                      and_(CircleMemberRow.member_id == VIEWER, CircleRow.id == CircleMemberRow.circle_id,
                           CircleRow.owner_id == _OWNER),
                      (CircleMemberRow.circle_id,))
    items = _joined(dialect, InventoryRow.item_id, InventoryRow.account_id == _OWNER,
                    (InventoryRow.acquired_at, InventoryRow.item_id))
    day_counts = [_count(VisitRow, VisitRow.zone_id == _OWNER, VisitRow.day == bindparam(f"day{n}")).label(f"z_day{n}")
                  for n in range(days)]
    q = (
        select(
            *ACCOUNT_COLUMNS,
            exists().where(SanctionRow.account_id == _OWNER, SanctionRow.kind == SanctionKind.BAN.value)
            .label("z_banned"),
            exists().where(FriendshipRow.account_id == _OWNER, FriendshipRow.friend_id == VIEWER).label("z_friend"),
            exists().where(BlockRow.blocker_id == _OWNER, BlockRow.blocked_id == VIEWER).label("z_blocked"),
            exists().where(BlockRow.blocker_id == VIEWER, BlockRow.blocked_id == _OWNER).label("z_blocks"),
            exists().where(or_(and_(FriendRequestRow.from_id == VIEWER, FriendRequestRow.to_id == _OWNER),
                               and_(FriendRequestRow.from_id == _OWNER, FriendRequestRow.to_id == VIEWER)))
            .label("z_requested"),
            circles.label("z_circles"),
            # The tallies the rule admits (their zone: the owner's row, correlated), summed: the
            # same at 100 posts as at a million.
            select(func.coalesce(func.sum(PostTallyRow.n), 0))
            .where(PostTallyRow.author_id == _OWNER, compile_rule(post_rule, viewer, TALLY_COLUMNS))
            .scalar_subquery().label("z_posts"),
            _count(FriendshipRow, FriendshipRow.account_id == _OWNER,
                   compile_rule(friend_rule, viewer, Columns(owner=FriendshipRow.friend_id))).label("z_friends"),
            *day_counts,
            _count(VisitRow, VisitRow.zone_id == _OWNER).label("z_visits"),
            select(func.max(VisitRow.day)).where(VisitRow.zone_id == _OWNER, VisitRow.visitor_id == VIEWER)
            .scalar_subquery().label("z_last_visit"),
            WalletRow.timezone.label("z_tz"), WalletRow.theme_id.label("z_theme"), WalletRow.music_id.label("z_music"),
            items.label("z_items"),
            exists().where(InventoryRow.account_id == VIEWER,
                           InventoryRow.item_id.in_(bindparam("cloaks", expanding=True))).label("z_cloaked"),
        )
        .outerjoin(WalletRow, WalletRow.account_id == _OWNER)
        .where(AccountRow.handle == bindparam("handle"))
    )
    if reader:
        q = (q.add_columns(*_READER_COLUMNS).outerjoin(_R, _R.c.id == VIEWER)
             .outerjoin(_RW, _RW.c.account_id == _R.c.id))
    names = [c.name for c in q.selected_columns]
    assert names[_F:] == [*_FACTS[:_DAYS - _F], *(f"z_day{n}" for n in range(days)), *_FACTS[_DAYS - _F:],
                          *(_READER_NAMES if reader else ())], "SqlPageReads.zone reads these positions"
    return Prepared(q, reads=True)


# A zone row (_zone) by position: the owner's account, then the facts from _F on (the order of
# _FACTS), the `days` visit counts from _DAYS on, the other facts after them, then the reader's columns.
_F = ACCOUNT_WIDTH
_FACTS = ("z_banned", "z_friend", "z_blocked", "z_blocks", "z_requested", "z_circles", "z_posts", "z_friends",
          "z_visits", "z_last_visit", "z_tz", "z_theme", "z_music", "z_items", "z_cloaked")
_DAYS = _F + 8
_READER_NAMES = tuple(c.name for c in _READER_COLUMNS)


def _reader_at(r: Any, at: int) -> Reader | None:
    if r[at] is None:
        return None
    w = at + ACCOUNT_WIDTH
    return Reader(account_at(r, at), r[w], int(r[w + 1] or 0))


def _split(joined: str | None) -> tuple[str, ...]:
    return tuple(joined.split(",")) if joined else ()


@repository
class SqlPageReads:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def reader(self, account_id: int) -> Reader | None:
        rows = await fetch(self.s, _READER, {"account_id": account_id})
        return _reader_at(rows[0], 0) if rows else None

    async def zone(self, handle: str, viewer_id: int | None, post_rule: Predicate, friend_rule: Predicate,
                   days: tuple[str, ...], cloaks: tuple[str, ...], *, reader: bool = False) -> ZoneFacts | None:
        reader = reader and viewer_id is not None
        q = _zone(dialect_name(self.s), post_rule, friend_rule, viewer_id is None, len(days), reader)
        params: dict[str, Any] = {"handle": handle, "viewer_id": viewer_id, "cloaks": cloaks}
        for n, day in enumerate(days):
            params[f"day{n}"] = day
        rows = await fetch(self.s, q, params)
        if not rows:
            return None
        r, f = rows[0], _F
        owner = account_at(r, 0)
        relation = Relation(is_self=viewer_id == owner.id, is_friend=bool(r[f + 1]), blocked_by_owner=bool(r[f + 2]),
                            blocks_owner=bool(r[f + 3]), requested=bool(r[f + 4]),
                            circle_ids=frozenset(int(c) for c in _split(r[f + 5])))
        v = _DAYS + len(days)  # the facts after the day counts
        return ZoneFacts(
            owner, relation, bool(r[f]), int(r[f + 6]), int(r[f + 7]),
            {day: int(r[_DAYS + n]) for n, day in enumerate(days)}, int(r[v]),
            r[v + 1], r[v + 2], r[v + 3], r[v + 4], _split(r[v + 5]), bool(r[v + 6]),
            _reader_at(r, v + 7) if reader else None,
        )

    async def posts(self, author_id: int, viewer_id: int | None, rule: Predicate, comment_rule: Predicate,
                    like_rule: Predicate, *, before: int | None, limit: int,
                    kind: PostKind | None = None) -> list[Listed]:
        q = posts.page(rule, comment_rule, like_rule, viewer_id is None, before is not None, kind.value if kind else None)
        params = {"viewer_id": viewer_id, "author_id": author_id, "before": before, "limit": limit}
        return [listed_row(r) for r in await fetch(self.s, prepared_read(q), params)]

    async def posts_by_id(self, post_ids: list[int], viewer_id: int | None, rule: Predicate,
                          comment_rule: Predicate, like_rule: Predicate) -> dict[int, Listed]:
        if not post_ids:
            return {}
        q = posts.page_by_id(rule, comment_rule, like_rule, viewer_id is None)
        rows = await fetch(self.s, prepared_read(q), {"viewer_id": viewer_id, "post_ids": post_ids})
        return {(found := listed_row(r)).post.id: found for r in rows}

    async def post(self, post_id: int, viewer_id: int | None, rule: Predicate, comment_rule: Predicate,
                   like_rule: Predicate) -> tuple[Listed, list[Photo]] | None:
        q = posts.post_page(rule, comment_rule, like_rule, viewer_id is None)
        rows = await fetch(self.s, prepared_read(q), {"viewer_id": viewer_id, "post_id": post_id})
        if not rows:
            return None
        return listed_row(rows[0]), [photo_at(r, LISTED_WIDTH) for r in rows if r[LISTED_WIDTH] is not None]

    async def talk(self, post_id: int, viewer_id: int | None, comment_rule: Predicate, liker_rule: Predicate, *,
                   comment_limit: int, liker_limit: int) -> tuple[list[tuple[Comment, Account]], list[Account], int]:
        params = {"post_id": post_id, "viewer_id": viewer_id, "comment_limit": comment_limit,
                  "liker_limit": liker_limit}
        said, liked, total = [], [], 0
        for r in await fetch(self.s, prepared_read(posts.talk(comment_rule, liker_rule, viewer_id is None)), params):
            if r[0] == 0:
                said.append((Comment(r[1], r[2], r[3], r[4], r[5], r[6], _STATUS[r[7]], r[8]), account_at(r, 10)))
            else:
                liked.append(account_at(r, 10))
                total = int(r[9])
        return said, liked, total

    async def comments(self, post_id: int, viewer_id: int | None, rule: Predicate,
                       limit: int = 200) -> list[tuple[Comment, Account]]:
        params = {"post_id": post_id, "viewer_id": viewer_id, "limit": limit}
        rows = await fetch(self.s, prepared_read(posts.authored_comments(rule, viewer_id is None)), params)
        return [(Comment(r[0], r[1], r[2], r[3], r[4], r[5], _STATUS[r[6]], r[7]), account_at(r, 8)) for r in rows]

    async def likers(self, post_id: int, viewer_id: int | None, rule: Predicate,
                     limit: int) -> tuple[list[Account], int]:
        params = {"viewer_id": viewer_id, "post_id": post_id, "limit": limit}
        rows = await fetch(self.s, prepared_read(posts.liker_accounts(rule, viewer_id is None)), params)
        return [account_at(r, 2) for r in rows], int(rows[0][1]) if rows else 0


_STATUS = {s.value: s for s in PostStatus}

__all__ = ["SqlPageReads"]
