"""The ban atom: SQL and core's evaluation agree, for every viewer, visibility and zone setting."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone

from core import privacy
from core.model import Relation, Visibility, ZoneVisibility
from core.privacy import Facts, Viewer
from storage.accounts.tables import AccountRow
from storage.moderation.tables import SanctionRow
from storage.posts.tables import PostRow
from storage.social.tables import FriendshipRow
from tests.builders import World

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


async def test_sql_and_python_agree_that_a_banned_owners_content_is_gone_for_everyone_else(world: World) -> None:
    cases = []
    async with world.db.uow() as uow:
        s = uow.session  # type: ignore[attr-defined]
        viewer = AccountRow(handle="viewer", display_name="v", created_at=NOW)
        s.add(viewer)
        await s.flush()
        for n, (banned, friend, zone) in enumerate(itertools.product([False, True], [False, True], list(ZoneVisibility))):
            owner = AccountRow(handle=f"owner{n}", display_name="o", zone_visibility=zone.value, created_at=NOW)
            s.add(owner)
            await s.flush()
            if friend:
                s.add_all([FriendshipRow(account_id=owner.id, friend_id=viewer.id),
                           FriendshipRow(account_id=viewer.id, friend_id=owner.id)])
            if banned:
                s.add(SanctionRow(account_id=owner.id, kind="ban", until=None, reason="", created_at=NOW))
            # A mute hides nothing: only bans take a zone away.
            s.add(SanctionRow(account_id=owner.id, kind="mute", until=None, reason="", created_at=NOW))
            for vis in (Visibility.PUBLIC, Visibility.FRIENDS, Visibility.PRIVATE):
                post = PostRow(author_id=owner.id, body="x", visibility=vis.value, status="active", created_at=NOW)
                s.add(post)
                await s.flush()
                cases.append((post.id, owner.id, Facts(Relation(is_friend=friend), zone, vis, owner_banned=banned)))
        await uow.commit()

    seen_of_banned = 0
    for who in (Viewer(viewer.id), privacy.ANONYMOUS):
        for rule in (privacy.content_rule(who), privacy.interact_rule(who)):
            async with world.db.uow() as uow:
                for post_id, _owner_id, facts in cases:
                    if who.anonymous:
                        facts = Facts(Relation(), facts.zone, facts.visibility, owner_banned=facts.owner_banned)
                    in_sql = await uow.posts.get_visible(post_id, who.account_id, rule) is not None
                    assert in_sql == privacy.evaluate(rule, facts), (post_id, facts, rule)
                    seen_of_banned += in_sql and facts.owner_banned
    assert seen_of_banned == 0


def test_a_banned_owner_still_sees_their_own_zone() -> None:
    facts = Facts(Relation(is_self=True), ZoneVisibility.PUBLIC, Visibility.PRIVATE, owner_banned=True)
    assert privacy.evaluate(privacy.content_rule(Viewer(1)), facts)
    assert privacy.evaluate(privacy.zone_rule(Viewer(1)), facts)
    assert not privacy.evaluate(privacy.zone_rule(privacy.ANONYMOUS), Facts(Relation(), ZoneVisibility.PUBLIC, owner_banned=True))
