"""The SQL compiled from core.privacy and core's own evaluation agree on every combination."""

from __future__ import annotations

import itertools

from core import privacy
from core.model import Relation, Visibility, ZoneVisibility
from core.privacy import Facts, Viewer
from storage.posts.tables import CommentRow, LikeRow, PostRow
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
                    # A blocked viewer is shown nothing of the blocker's, whatever the rest says.
                    assert not (in_sql and facts.relation.blocked_by_owner), (post_id, facts, rule)


async def test_sql_and_python_agree_on_which_comments_and_likes_show(world: World) -> None:
    """comment_rule (with a reply's thread head) and presence_rule, for authors who are the viewer,
    in good standing or banned, and comments active or hidden by a moderator."""
    async with world.db.uow() as uow:
        s = uow.session  # type: ignore[attr-defined]
        viewer = await viewer_row(s)
        ok = await owner_row(s, 0, viewer.id, ZoneVisibility.PUBLIC, friend=False, member=False, blocked=False,
                             banned=False)
        banned = await owner_row(s, 1, viewer.id, ZoneVisibility.PUBLIC, friend=False, member=False, blocked=False,
                                 banned=True)
        people = [(viewer.id, False), (ok.id, False), (banned.id, True)]
        post = PostRow(author_id=ok.id, body="x", visibility="public", status="active", created_at=NOW)
        s.add(post)
        await s.flush()
        comments: list[tuple[int, tuple[int, bool, bool], tuple[int, bool, bool] | None]] = []
        for head_author, head_banned in people:
            for head_active in (True, False):
                head = CommentRow(post_id=post.id, author_id=head_author, body="h", created_at=NOW,
                                  status="active" if head_active else "hidden")
                s.add(head)
                await s.flush()
                comments.append((head.id, (head_author, head_banned, head_active), None))
                for author, is_banned in people:
                    for active in (True, False):
                        reply = CommentRow(post_id=post.id, author_id=author, body="r", parent_id=head.id,
                                           created_at=NOW, status="active" if active else "hidden")
                        s.add(reply)
                        await s.flush()
                        comments.append((reply.id, (author, is_banned, active), (head_author, head_banned, head_active)))
        liked: list[tuple[int, int, bool]] = []
        for liker, is_banned in people:
            p = PostRow(author_id=ok.id, body="l", visibility="public", status="active", created_at=NOW)
            s.add(p)
            await s.flush()
            s.add(LikeRow(post_id=p.id, account_id=liker))
            liked.append((p.id, liker, is_banned))
        await uow.commit()

    def facts(who: Viewer, author: int, is_banned: bool, active: bool = True) -> Facts:
        return Facts(Relation(is_self=who.account_id == author), ZoneVisibility.PUBLIC, active=active,
                     owner_banned=is_banned)

    for who in (Viewer(viewer.id), privacy.ANONYMOUS):
        rule = privacy.comment_rule(who)
        async with world.db.uow() as uow:
            listed = {c.id for c in await uow.posts.comments(post.id, who.account_id, rule, limit=1000)}
            expected = set()
            for comment_id, own, head in comments:
                shows = privacy.evaluate(rule, facts(who, *own)) and (
                    head is None or privacy.evaluate(rule, facts(who, *head)))
                one = await uow.posts.get_comment_visible(comment_id, who.account_id, rule)
                assert (one is not None) == shows, (who, own, head)
                expected |= {comment_id} if shows else set()
            assert listed == expected
            counts = await uow.posts.visible_counts([post.id, *(p for p, _, _ in liked)], who.account_id, rule,
                                                    privacy.presence_rule(who))
            assert counts[post.id] == (0, len(expected))
            for post_id, liker, is_banned in liked:
                assert counts[post_id][0] == int(privacy.evaluate(privacy.presence_rule(who),
                                                                  facts(who, liker, is_banned))), (who, liker)


def test_to_a_blocked_viewer_every_zone_is_closed_like_a_friends_only_zone_to_a_stranger() -> None:
    viewer, stranger = Viewer(1), Facts(Relation(), ZoneVisibility.FRIENDS)
    for friend, member, banned, zone in itertools.product([False, True], [False, True], [False, True], ZoneVisibility):
        blocked = Facts(Relation(is_friend=friend, blocked_by_owner=True, circle_ids=frozenset({7} if member else ())),
                        zone, owner_banned=banned)
        for rule in (privacy.zone_rule(viewer), privacy.album_listing_rule(viewer)):
            assert (privacy.evaluate(rule, blocked), privacy.evaluate(rule, stranger)) == (False, False)
