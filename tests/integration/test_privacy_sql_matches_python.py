"""The SQL compiled from core.privacy, core's own evaluation and the in-memory filter agree on every combination."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from core import privacy
from core.model import Comment, Post, PostStatus, Relation, Visibility, ZoneVisibility
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.privacy import Facts, Viewer
from tests.builders import World
from tests.fakes import MemoryDatabase, seeing
from tests.privacy_rows import NOW, Cases, as_seen_by, disagreements, owner_row, viewer_row


async def post_cases(uow_factory: UnitOfWorkFactory) -> tuple[int, Cases, dict[int, int]]:
    """A post of every visibility and status by owners in every relation to the viewer, in every zone."""
    relations = list(itertools.product([False, True], repeat=4))  # friend, in circle, blocked, owner banned
    cases, authors = [], {}
    async with uow_factory() as uow:
        viewer = await viewer_row(uow)
        for n, ((friend, member, blocked, banned), zone) in enumerate(itertools.product(relations, list(ZoneVisibility))):
            owner = await owner_row(uow, n, viewer.id, zone, friend=friend, member=member, blocked=blocked, banned=banned)
            for vis, status in itertools.product(list(Visibility), list(PostStatus)):
                circle_id = owner.circle_id if vis is Visibility.CIRCLE else None
                post = await uow.posts.add(Post(id=0, author_id=owner.id, body="x", visibility=vis, status=status,
                                                circle_id=circle_id, created_at=NOW))
                cases.append((post.id, Facts(owner.relation, zone, vis, circle_id, status is PostStatus.ACTIVE,
                                             owner_banned=banned)))
                authors[post.id] = owner.id
        await uow.commit()
    return viewer.id, cases, authors


def post_rules(viewer_id: int) -> list[tuple[Viewer, privacy.Predicate]]:
    return [(who, rule) for who in (Viewer(viewer_id), privacy.ANONYMOUS)
            for rule in (privacy.content_rule(who), privacy.interact_rule(who))]


async def get_visible(uow: UnitOfWork, post_id: int, viewer_id: int | None, rule: privacy.Predicate) -> Post | None:
    return await uow.posts.get_visible(post_id, viewer_id, rule)


async def listing_disagreements(uow_factory: UnitOfWorkFactory, viewer_id: int, cases: Cases,
                                authors: dict[int, int]) -> list[Any]:
    """Zone listings (by_author, count_by_author) against evaluate, owner by owner, newest first."""
    wrong = []
    async with uow_factory() as uow:
        for who, rule in ((w, privacy.content_rule(w)) for w in (Viewer(viewer_id), privacy.ANONYMOUS)):
            for author in sorted(set(authors.values())):
                expected = sorted((pid for pid, facts in cases if authors[pid] == author
                                   and privacy.evaluate(rule, as_seen_by(who, facts))), reverse=True)
                listed = [p.id for p in await uow.posts.by_author(author, who.account_id, rule, before=None, limit=100)]
                count = await uow.posts.count_by_author(author, who.account_id, rule)
                if (listed, count) != (expected, len(expected)):
                    wrong.append((author, rule, listed, expected))
    return wrong


async def test_sql_and_python_privacy_agree_for_every_relation_visibility_and_zone(world: World) -> None:
    viewer_id, cases, authors = await post_cases(world.db.uow)
    assert await disagreements(world.db.uow, cases, post_rules(viewer_id), get_visible) == []
    assert await listing_disagreements(world.db.uow, viewer_id, cases, authors) == []


async def test_the_in_memory_filter_agrees_with_python_on_every_relation_visibility_and_zone() -> None:
    db = MemoryDatabase()
    viewer_id, cases, authors = await post_cases(db.uow)
    assert await disagreements(db.uow, cases, post_rules(viewer_id), get_visible) == []
    assert await listing_disagreements(db.uow, viewer_id, cases, authors) == []


def _forget_bans(t: Any, account_id: int) -> bool:
    return False


def _forget_blocks(t: Any, viewer_id: int | None, owner_id: int) -> Relation:
    r = seeing_relation(t, viewer_id, owner_id)
    return Relation(r.is_self, r.is_friend, False, r.circle_ids)


def _circles_for_strangers(t: Any, viewer_id: int | None, owner_id: int) -> Relation:
    r = seeing_relation(t, viewer_id, owner_id)
    return Relation(r.is_self, True, r.blocked_by_owner, r.circle_ids) if r.circle_ids else r


def _hidden_shown(t: Any, post: Post, viewer_id: int | None) -> Facts:
    facts = seeing_post_facts(t, post, viewer_id)
    return Facts(facts.relation, facts.zone, facts.visibility, facts.circle_id, True, owner_banned=facts.owner_banned)


seeing_relation, seeing_post_facts = seeing.relation, seeing.post_facts
MUTANTS: dict[str, tuple[str, Callable[..., Any]]] = {
    "bans forgotten": ("banned", _forget_bans),
    "blocks forgotten": ("relation", _forget_blocks),
    "circle members taken for friends": ("relation", _circles_for_strangers),
    "hidden posts shown": ("post_facts", _hidden_shown),
}


@pytest.mark.parametrize("mutant", list(MUTANTS))
async def test_the_agreement_check_catches_a_mutated_in_memory_filter(mutant: str, monkeypatch: pytest.MonkeyPatch) -> None:
    db = MemoryDatabase()
    viewer_id, cases, authors = await post_cases(db.uow)
    name, replacement = MUTANTS[mutant]
    monkeypatch.setattr(seeing, name, replacement)
    assert await disagreements(db.uow, cases, post_rules(viewer_id), get_visible) != []
    assert await listing_disagreements(db.uow, viewer_id, cases, authors) != []


async def comment_cases(uow_factory: UnitOfWorkFactory) -> dict[str, Any]:
    """Comments and replies by the viewer, an author in good standing and a banned one, active or hidden."""
    async with uow_factory() as uow:
        viewer = await viewer_row(uow)
        ok = await owner_row(uow, 0, viewer.id, ZoneVisibility.PUBLIC, friend=False, member=False, blocked=False,
                             banned=False)
        banned = await owner_row(uow, 1, viewer.id, ZoneVisibility.PUBLIC, friend=False, member=False, blocked=False,
                                 banned=True)
        people = [(viewer.id, False), (ok.id, False), (banned.id, True)]
        post = await uow.posts.add(Post(id=0, author_id=ok.id, body="x", visibility=Visibility.PUBLIC, created_at=NOW))

        async def comment(author: int, active: bool, parent_id: int | None = None) -> int:
            c = await uow.posts.add_comment(Comment(id=0, post_id=post.id, author_id=author, body="c",
                                                    parent_id=parent_id, created_at=NOW))
            if not active:
                await uow.posts.set_comment_status(c.id, PostStatus.HIDDEN.value)
            return c.id

        comments: list[tuple[int, tuple[int, bool, bool], tuple[int, bool, bool] | None]] = []
        for head_author, head_banned in people:
            for head_active in (True, False):
                head = await comment(head_author, head_active)
                comments.append((head, (head_author, head_banned, head_active), None))
                for author, is_banned in people:
                    for active in (True, False):
                        reply = await comment(author, active, head)
                        comments.append((reply, (author, is_banned, active), (head_author, head_banned, head_active)))
        liked: list[tuple[int, int, bool]] = []
        for liker, is_banned in people:
            p = await uow.posts.add(Post(id=0, author_id=ok.id, body="l", visibility=Visibility.PUBLIC, created_at=NOW))
            await uow.posts.like(p.id, liker)
            liked.append((p.id, liker, is_banned))
        await uow.commit()
    return {"viewer": viewer.id, "post": post.id, "comments": comments, "liked": liked}


async def comment_disagreements(uow_factory: UnitOfWorkFactory, rows: dict[str, Any]) -> list[Any]:
    """comment_rule (with a reply's thread head) and presence_rule, for one comment, the listing and the counts."""
    def facts(who: Viewer, author: int, is_banned: bool, active: bool = True) -> Facts:
        return Facts(Relation(is_self=who.account_id == author), ZoneVisibility.PUBLIC, active=active,
                     owner_banned=is_banned)

    wrong: list[Any] = []
    for who in (Viewer(rows["viewer"]), privacy.ANONYMOUS):
        rule, presence = privacy.comment_rule(who), privacy.presence_rule(who)
        async with uow_factory() as uow:
            listed = {c.id for c in await uow.posts.comments(rows["post"], who.account_id, rule, limit=1000)}
            expected = set()
            for comment_id, own, head in rows["comments"]:
                shows = privacy.evaluate(rule, facts(who, *own)) and (
                    head is None or privacy.evaluate(rule, facts(who, *head)))
                one = await uow.posts.get_comment_visible(comment_id, who.account_id, rule)
                if (one is not None) != shows:
                    wrong.append((who, own, head))
                expected |= {comment_id} if shows else set()
            if listed != expected:
                wrong.append((who, "listing", listed ^ expected))
            liked = rows["liked"]
            counts = await uow.posts.visible_counts([rows["post"], *(p for p, _, _ in liked)], who.account_id, rule,
                                                    presence)
            if counts[rows["post"]] != (0, len(expected)):
                wrong.append((who, "comment count", counts[rows["post"]]))
            for post_id, liker, is_banned in liked:
                if counts[post_id][0] != int(privacy.evaluate(presence, facts(who, liker, is_banned))):
                    wrong.append((who, "likes", liker))
    return wrong


async def test_sql_and_python_agree_on_which_comments_and_likes_show(world: World) -> None:
    assert await comment_disagreements(world.db.uow, await comment_cases(world.db.uow)) == []


async def test_the_in_memory_filter_agrees_with_python_on_which_comments_and_likes_show() -> None:
    db = MemoryDatabase()
    assert await comment_disagreements(db.uow, await comment_cases(db.uow)) == []


@pytest.mark.parametrize("mutant", ["bans forgotten", "thread heads ignored"])
async def test_the_comment_agreement_check_catches_a_mutated_in_memory_filter(
    mutant: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = MemoryDatabase()
    rows = await comment_cases(db.uow)
    if mutant == "bans forgotten":
        monkeypatch.setattr(seeing, "banned", _forget_bans)
    else:
        shows = seeing.shows_comment
        monkeypatch.setattr(seeing, "shows_comment",
                            lambda t, c, v, rule: shows(t, Comment(c.id, c.post_id, c.author_id, c.body, None,
                                                                   c.created_at, c.status), v, rule))
    assert await comment_disagreements(db.uow, rows) != []


def test_to_a_blocked_viewer_every_zone_is_closed_like_a_friends_only_zone_to_a_stranger() -> None:
    viewer, stranger = Viewer(1), Facts(Relation(), ZoneVisibility.FRIENDS)
    for friend, member, banned, zone in itertools.product([False, True], [False, True], [False, True], ZoneVisibility):
        blocked = Facts(Relation(is_friend=friend, blocked_by_owner=True, circle_ids=frozenset({7} if member else ())),
                        zone, owner_banned=banned)
        for rule in (privacy.zone_rule(viewer), privacy.album_listing_rule(viewer)):
            assert (privacy.evaluate(rule, blocked), privacy.evaluate(rule, stranger)) == (False, False)
