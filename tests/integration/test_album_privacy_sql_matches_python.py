"""Album rules (with question gates) compile to SQL that agrees with core's own evaluation."""

from __future__ import annotations

import itertools

from core import privacy
from core.albums.model import AlbumVisibility
from core.model import Relation, ZoneVisibility
from core.privacy import Facts, Viewer
from storage.albums.tables import AlbumAnswerRow, AlbumRow
from tests.builders import World
from tests.privacy_rows import NOW, owner_row, viewer_row


async def test_album_and_listing_rules_agree_in_sql_and_python(world: World) -> None:
    cases = []
    async with world.db.uow() as uow:
        s = uow.session  # type: ignore[attr-defined]
        viewer = await viewer_row(s)
        relations = itertools.product([False, True], repeat=5)  # friend, member, blocked, banned, answered
        for n, ((friend, member, blocked, banned, answered), zone) in enumerate(
            itertools.product(relations, [ZoneVisibility.PUBLIC, ZoneVisibility.FRIENDS])
        ):
            owner = await owner_row(s, n, viewer.id, zone, friend=friend, member=member, blocked=blocked, banned=banned)
            for vis, status in itertools.product(list(AlbumVisibility), ["active", "hidden"]):
                album = AlbumRow(owner_id=owner.id, title="t", slug=f"t-{vis.value}-{status}", visibility=vis.value,
                                 circle_id=owner.circle_id if vis is AlbumVisibility.CIRCLE else None, status=status,
                                 created_at=NOW, updated_at=NOW)
                s.add(album)
                await s.flush()
                if answered:
                    s.add(AlbumAnswerRow(album_id=album.id, viewer_id=viewer.id, answered_at=NOW))
                facts = Facts(owner.relation, zone, vis, album.circle_id, status == "active",  # type: ignore[arg-type]
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
