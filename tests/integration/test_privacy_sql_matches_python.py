"""The SQL compiled from core.privacy and core's own evaluation agree on every combination."""

from __future__ import annotations

import itertools

from core import privacy
from core.model import Relation, Visibility, ZoneVisibility
from core.privacy import Facts, Viewer
from storage.tables import PostRow
from tests.builders import World
from tests.privacy_rows import NOW, owner_row, viewer_row


async def test_sql_and_python_privacy_agree_for_every_relation_visibility_and_zone(world: World) -> None:
    relations = list(itertools.product([False, True], repeat=4))  # friend, in circle, blocked, owner banned
    cases = []
    async with world.db.uow() as uow:
        s = uow.session  # type: ignore[attr-defined]
        viewer = await viewer_row(s)
        for n, ((friend, member, blocked, banned), zone) in enumerate(itertools.product(relations, list(ZoneVisibility))):
            owner = await owner_row(s, n, viewer.id, zone, friend=friend, member=member, blocked=blocked, banned=banned)
            for vis, status in itertools.product(list(Visibility), ["active", "hidden"]):
                post = PostRow(author_id=owner.id, body="x", visibility=vis.value, status=status,
                               circle_id=owner.circle_id if vis is Visibility.CIRCLE else None, created_at=NOW)
                s.add(post)
                await s.flush()
                cases.append((post.id, Facts(owner.relation, zone, vis, post.circle_id, status == "active",
                                             owner_banned=banned)))
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
