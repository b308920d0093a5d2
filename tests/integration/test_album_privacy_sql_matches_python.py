"""Album rules (with question gates) compile to SQL that agrees with core's own evaluation."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone

from core import privacy
from core.albums_model import AlbumVisibility
from core.model import Relation, ZoneVisibility
from core.privacy import Facts, Viewer
from storage.album_tables import AlbumAnswerRow, AlbumRow
from storage.moderation_tables import SanctionRow
from storage.tables import AccountRow, BlockRow, CircleMemberRow, CircleRow, FriendshipRow
from tests.builders import World

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


async def test_album_and_listing_rules_agree_in_sql_and_python(world: World) -> None:
    cases = []
    async with world.db.uow() as uow:
        s = uow.session  # type: ignore[attr-defined]
        viewer = AccountRow(handle="viewer", display_name="v", created_at=NOW)
        s.add(viewer)
        await s.flush()
        relations = itertools.product([False, True], repeat=5)  # friend, member, blocked, banned, answered
        for n, ((friend, member, blocked, banned, answered), zone) in enumerate(
            itertools.product(relations, [ZoneVisibility.PUBLIC, ZoneVisibility.FRIENDS])
        ):
            owner = AccountRow(handle=f"o{n}", display_name="o", zone_visibility=zone.value, created_at=NOW)
            s.add(owner)
            await s.flush()
            circle = CircleRow(owner_id=owner.id, name="c")
            s.add(circle)
            await s.flush()
            if friend:
                s.add_all([FriendshipRow(account_id=owner.id, friend_id=viewer.id),
                           FriendshipRow(account_id=viewer.id, friend_id=owner.id)])
            if member:
                s.add(CircleMemberRow(circle_id=circle.id, member_id=viewer.id))
            if blocked:
                s.add(BlockRow(blocker_id=owner.id, blocked_id=viewer.id))
            if banned:
                s.add(SanctionRow(account_id=owner.id, kind="ban", until=None, reason="", created_at=NOW))
            for vis, status in itertools.product(list(AlbumVisibility), ["active", "hidden"]):
                album = AlbumRow(owner_id=owner.id, title="t", slug=f"t-{vis.value}-{status}", visibility=vis.value,
                                 circle_id=circle.id if vis is AlbumVisibility.CIRCLE else None, status=status,
                                 created_at=NOW, updated_at=NOW)
                s.add(album)
                await s.flush()
                if answered:
                    s.add(AlbumAnswerRow(album_id=album.id, viewer_id=viewer.id, answered_at=NOW))
                rel = Relation(is_friend=friend, blocked_by_owner=blocked,
                               circle_ids=frozenset({circle.id}) if member else frozenset())
                facts = Facts(rel, zone, vis, album.circle_id, status == "active",  # type: ignore[arg-type]
                              gated=vis is AlbumVisibility.QUESTION, answered=answered, owner_banned=banned)
                cases.append((album.id, facts))
        await uow.commit()

    for who in (Viewer(viewer.id), privacy.ANONYMOUS):
        for rule in (privacy.album_rule(who), privacy.album_listing_rule(who)):
            async with world.db.uow() as uow:
                for album_id, facts in cases:
                    if who.anonymous:
                        facts = Facts(Relation(), facts.zone, facts.visibility, facts.circle_id, facts.active,
                                      gated=facts.gated, answered=False, owner_banned=facts.owner_banned)
                    in_sql = await uow.albums.get_visible(album_id, who.account_id, rule) is not None
                    assert in_sql == privacy.evaluate(rule, facts), (album_id, facts, rule)
