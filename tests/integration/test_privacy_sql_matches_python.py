"""The SQL compiled from core.privacy and core's own evaluation agree on every combination."""

from __future__ import annotations

import itertools

from core import privacy
from core.model import Relation, Visibility, ZoneVisibility
from core.privacy import Facts, Viewer
from storage.moderation_tables import SanctionRow
from storage.tables import (
    AccountRow, BlockRow, CircleMemberRow, CircleRow, FriendshipRow, PostRow,
)
from tests.builders import World


async def test_sql_and_python_privacy_agree_for_every_relation_visibility_and_zone(world: World) -> None:
    from datetime import datetime, timezone

    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    relations = list(itertools.product([False, True], repeat=4))  # friend, in circle, blocked, owner banned
    cases = []
    async with world.db.uow() as uow:
        s = uow.session  # type: ignore[attr-defined]
        viewer = AccountRow(handle="viewer", display_name="v", created_at=now)
        s.add(viewer)
        await s.flush()
        for n, ((friend, member, blocked, banned), zone) in enumerate(itertools.product(relations, list(ZoneVisibility))):
            owner = AccountRow(handle=f"owner{n}", display_name="o", zone_visibility=zone.value, created_at=now)
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
                s.add(SanctionRow(account_id=owner.id, kind="ban", until=None, reason="", created_at=now))
            for vis, status in itertools.product(list(Visibility), ["active", "hidden"]):
                post = PostRow(author_id=owner.id, body="x", visibility=vis.value, status=status,
                               circle_id=circle.id if vis is Visibility.CIRCLE else None, created_at=now)
                s.add(post)
                await s.flush()
                rel = Relation(is_friend=friend, blocked_by_owner=blocked,
                               circle_ids=frozenset({circle.id}) if member else frozenset())
                cases.append((post.id, Facts(rel, zone, vis, post.circle_id, status == "active", owner_banned=banned)))
        await uow.commit()

    for who in (Viewer(viewer.id), privacy.ANONYMOUS):
        for rule in (privacy.content_rule(who), privacy.interact_rule(who)):
            async with world.db.uow() as uow:
                for post_id, facts in cases:
                    if who.anonymous:
                        facts = Facts(Relation(), facts.zone, facts.visibility, facts.circle_id, facts.active,
                                      owner_banned=facts.owner_banned)
                    in_sql = await uow.posts.get_visible(post_id, who.account_id, rule) is not None
                    assert in_sql == privacy.evaluate(rule, facts), (post_id, facts, rule)
