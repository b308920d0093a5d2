"""The page read models (core.pages, PostRepo.listing and listed) agree with core.privacy.evaluate on every case.

A zone page reads its header in one statement and its posts in another (issue 16); both must show
exactly what the rules show, for every relation, visibility, status and zone the listings are
checked on (tests/integration/test_privacy_sql_matches_python.py), in SQL and in memory.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from core import privacy
from core.model import Account, Photo, Post, Visibility
from core.ports import UnitOfWorkFactory
from core.privacy import Facts, Viewer
from tests.builders import World
from tests.fakes import MemoryDatabase
from tests.integration.test_privacy_sql_matches_python import comment_cases, post_cases
from tests.privacy_rows import NOW, as_seen_by


async def page_disagreements(uow_factory: UnitOfWorkFactory) -> list[Any]:
    viewer_id, cases, authors = await post_cases(uow_factory)
    wrong: list[Any] = []
    async with uow_factory() as uow:
        for who in (Viewer(viewer_id), privacy.ANONYMOUS):
            rule = privacy.content_rule(who)
            for author in sorted(set(authors.values())):
                mine = [(pid, facts) for pid, facts in cases if authors[pid] == author]
                expected = sorted((pid for pid, facts in mine if privacy.evaluate(rule, as_seen_by(who, facts))),
                                  reverse=True)
                listed = await uow.posts.listing(author, who.account_id, rule, privacy.comment_rule(who),
                                                 privacy.presence_rule(who), before=None, limit=100)
                # A post page's read of one post, and a page's of the originals its shares show.
                ids = [pid for pid, _facts in mine]
                together = await uow.posts.listed(ids, who.account_id, rule, privacy.comment_rule(who),
                                                  privacy.presence_rule(who))
                for pid, facts in mine:
                    one = await uow.posts.listed([pid], who.account_id, rule, privacy.comment_rule(who),
                                                 privacy.presence_rule(who))
                    shows = privacy.evaluate(rule, as_seen_by(who, facts))
                    if (pid in one, pid in together) != (shows, shows):
                        wrong.append((pid, who, "listed"))
                if [p.id for p, _liked in listed] != expected:
                    wrong.append((author, who, "listing", [p.id for p, _ in listed], expected))
                owner = await uow.accounts.get(author)
                assert owner is not None
                seen = await uow.pages.zone(owner.handle, who.account_id, rule, privacy.presence_rule(who), (), ())
                assert seen is not None
                facts = as_seen_by(who, mine[0][1])
                relation = seen.relation
                if (relation.is_friend, relation.blocked_by_owner, relation.circle_ids, seen.owner_banned) != (
                        facts.relation.is_friend, facts.relation.blocked_by_owner, facts.relation.circle_ids,
                        facts.owner_banned):
                    wrong.append((author, who, "relation", seen.relation, facts.relation))
                opened = privacy.evaluate(privacy.zone_rule(who), Facts(relation, owner.zone_visibility,
                                                                        owner_banned=seen.owner_banned))
                if opened != privacy.evaluate(privacy.zone_rule(who), facts):
                    wrong.append((author, who, "zone"))
                if seen.posts != len(expected):
                    wrong.append((author, who, "count", seen.posts, len(expected)))
    return wrong


async def test_the_zone_read_model_and_its_listing_agree_with_python_on_every_case(world: World) -> None:
    assert await page_disagreements(world.db.uow) == []


async def test_the_in_memory_zone_read_model_agrees_with_python_on_every_case() -> None:
    assert await page_disagreements(MemoryDatabase().uow) == []


async def listing_count_disagreements(uow_factory: UnitOfWorkFactory) -> list[Any]:
    """The listing's like and comment counts and liked flags are visible_counts' and liked_by's."""
    rows = await comment_cases(uow_factory)
    wrong: list[Any] = []
    async with uow_factory() as uow:
        post = await uow.posts.get(rows["post"])
        assert post is not None
        for who in (Viewer(rows["viewer"]), privacy.ANONYMOUS):
            rule, comments, presence = privacy.content_rule(who), privacy.comment_rule(who), privacy.presence_rule(who)
            listed = await uow.posts.listing(post.author_id, who.account_id, rule, comments, presence,
                                             before=None, limit=100)
            ids = [p.id for p, _ in listed]
            counts = await uow.posts.visible_counts(ids, who.account_id, comments, presence)
            liked = await uow.posts.liked_by(ids, who.account_id) if who.account_id is not None else set()
            got = {p.id: ((p.like_count, p.comment_count), is_liked) for p, is_liked in listed}
            expected = {i: (counts[i], i in liked) for i in ids}
            by_id = await uow.posts.listed(ids, who.account_id, rule, comments, presence)
            again = {i: ((p.like_count, p.comment_count), was) for i, (p, was) in by_id.items()}
            if got != expected or again != expected:
                wrong.append((who, got, expected))
    return wrong


async def test_the_listing_counts_what_visible_counts_counts(world: World) -> None:
    assert await listing_count_disagreements(world.db.uow) == []


async def test_the_in_memory_listing_counts_what_visible_counts_counts() -> None:
    assert await listing_count_disagreements(MemoryDatabase().uow) == []


async def look_and_visits(uow_factory: UnitOfWorkFactory) -> list[Any]:
    """What else the zone's statement reads: the look (items oldest first), visits by day, the viewer's
    latest visit and cloak, the owner's time zone; and a reader's time zone and unread count."""
    async with uow_factory() as uow:
        owner = await uow.accounts.add(Account(id=0, handle="owner", display_name="o", created_at=NOW))
        viewer = await uow.accounts.add(Account(id=0, handle="viewer", display_name="v", created_at=NOW))
        assert owner is not None and viewer is not None
        for n, item in enumerate(("zeta", "alpha", "mid")):  # acquired in this order, not the names'
            await uow.wallet.add_item(owner.id, item, NOW + timedelta(minutes=n), "buy", None)
        await uow.wallet.add_item(viewer.id, "cloak", NOW, "buy", None)
        await uow.wallet.set_timezone(owner.id, "Asia/Shanghai", NOW, seen=await uow.wallet.state(owner.id))
        await uow.wallet.set_look(owner.id, theme_id="sakura", music_id=None)
        await uow.visits.record(owner.id, viewer.id, "2026-01-01", NOW)
        await uow.visits.record(owner.id, viewer.id, "2026-01-02", NOW)
        await uow.visits.record(owner.id, owner.id, "2026-01-02", NOW)
        await uow.commit()
    seen: list[Any] = []
    async with uow_factory() as uow:
        days = ("2026-01-01", "2026-01-02", "2026-01-03")
        for viewer_id, cloaks in ((viewer.id, ("cloak",)), (viewer.id, ("other",)), (None, ("cloak",))):
            who = Viewer(viewer_id)
            facts = await uow.pages.zone("owner", viewer_id, privacy.content_rule(who), privacy.presence_rule(who),
                                         days, cloaks)
            assert facts is not None
            seen.append((facts.items, dict(facts.visits_on), facts.visits_total, facts.last_visit, facts.cloaked,
                         facts.time_zone, facts.theme_id, facts.music_id))
        seen.append(await uow.pages.zone("nobody", None, privacy.content_rule(privacy.ANONYMOUS),
                                         privacy.presence_rule(privacy.ANONYMOUS), days, ()))
        reader = await uow.pages.reader(owner.id)
        assert reader is not None
        seen.append((reader.account.handle, reader.time_zone, reader.unread))
        for viewer_id in (owner.id, viewer.id, None, 999_999):  # the zone with its reader's own row, or none
            who = Viewer(viewer_id)
            facts = await uow.pages.zone("owner", viewer_id, privacy.content_rule(who), privacy.presence_rule(who),
                                         days, (), reader=True)
            assert facts is not None
            seen.append(facts.reader and (facts.reader.account.handle, facts.reader.time_zone, facts.reader.unread))
    return seen


async def test_the_zone_read_model_reads_the_look_the_visits_and_the_cloak(world: World) -> None:
    on_sql = await look_and_visits(world.db.uow)
    assert on_sql == await look_and_visits(MemoryDatabase().uow)
    both = {"2026-01-01": 1, "2026-01-02": 2, "2026-01-03": 0}
    assert on_sql == [
        (("zeta", "alpha", "mid"), both, 3, "2026-01-02", True, "Asia/Shanghai", "sakura", None),
        (("zeta", "alpha", "mid"), both, 3, "2026-01-02", False, "Asia/Shanghai", "sakura", None),
        (("zeta", "alpha", "mid"), both, 3, None, False, "Asia/Shanghai", "sakura", None),
        None,
        ("owner", "Asia/Shanghai", 0),
        ("owner", "Asia/Shanghai", 0), ("viewer", None, 0), None, None,
    ]


async def original_disagreements(uow_factory: UnitOfWorkFactory) -> list[Any]:
    """A page's shares show the originals evaluate shows, read with the page (PageReads.posts and
    posts_by_id), each as listed reads it alone: its counts, like and circle name."""
    viewer_id, cases, _authors = await post_cases(uow_factory)
    async with uow_factory() as uow:
        sharer = await uow.accounts.add(Account(id=0, handle="sharer", display_name="s", created_at=NOW))
        assert sharer is not None
        shares = {}
        for pid, _facts in cases:
            share = await uow.posts.add(Post(id=0, author_id=sharer.id, body="look", visibility=Visibility.PUBLIC,
                                             shared_post_id=pid, created_at=NOW))
            shares[share.id] = pid
        await uow.commit()
    wrong: list[Any] = []
    async with uow_factory() as uow:
        for who in (Viewer(viewer_id), privacy.ANONYMOUS):
            rules = (privacy.content_rule(who), privacy.comment_rule(who), privacy.presence_rule(who))
            page = await uow.pages.posts(sharer.id, who.account_id, *rules, before=None, limit=len(cases) + 1)
            by_id = await uow.pages.posts_by_id(list(shares), who.account_id, *rules)
            alone = await uow.posts.listed([pid for pid, _ in cases], who.account_id, *rules)
            if [item.post.id for item in page] != sorted(shares, reverse=True) or set(by_id) != set(shares):
                wrong.append((who, "shares"))
            for pid, facts in cases:
                if privacy.evaluate(rules[0], as_seen_by(who, facts)) != (pid in alone):
                    wrong.append((who, pid, "listed"))
            for item in [*page, *by_id.values()]:
                original = item.original
                expected = alone.get(shares[item.post.id])
                got = original and (original.post, original.liked, item.original_author and item.original_author.id)
                if got != (expected and (expected[0], expected[1], expected[0].author_id)):
                    wrong.append((who, item.post.id, got, expected))
    return wrong


async def test_the_originals_a_page_shows_are_those_python_shows(world: World) -> None:
    assert await original_disagreements(world.db.uow) == []


async def test_the_in_memory_originals_a_page_shows_are_those_python_shows() -> None:
    assert await original_disagreements(MemoryDatabase().uow) == []


async def writer_disagreements(uow_factory: UnitOfWorkFactory) -> list[Any]:
    """A post page's comments and likers read with their accounts (PageReads.comments, likers) are
    PostRepo.comments and likers with get_many's accounts, for every comment and like case."""
    rows = await comment_cases(uow_factory)
    async with uow_factory() as uow:
        for _post, liker, _banned in rows["liked"]:  # the viewer, someone in good standing, someone banned
            await uow.posts.like(rows["post"], liker)
        await uow.commit()
    wrong: list[Any] = []
    async with uow_factory() as uow:
        for who in (Viewer(rows["viewer"]), privacy.ANONYMOUS):
            shown = await uow.posts.comments(rows["post"], who.account_id, privacy.comment_rule(who))
            writers = await uow.accounts.get_many([c.author_id for c in shown])
            got = await uow.pages.comments(rows["post"], who.account_id, privacy.comment_rule(who))
            if got != [(c, writers[c.author_id]) for c in shown] or not shown:
                wrong.append((who, "comments", got, shown))
            for limit in (1, 50):
                ids, total = await uow.posts.likers(rows["post"], who.account_id, privacy.liker_rule(who), limit)
                likers = await uow.accounts.get_many(ids)
                people, count = await uow.pages.likers(rows["post"], who.account_id, privacy.liker_rule(who), limit)
                if (people, count) != ([likers[i] for i in ids], total) or not ids:
                    wrong.append((who, "likers", limit, people, count, ids, total))
                for comment_limit in (3, 200):  # both in one statement, each with its own limit
                    talk = await uow.pages.talk(rows["post"], who.account_id, privacy.comment_rule(who),
                                                privacy.liker_rule(who), comment_limit=comment_limit, liker_limit=limit)
                    if talk != ([(c, writers[c.author_id]) for c in shown][:comment_limit], people, count):
                        wrong.append((who, "talk", limit, comment_limit, talk))
    return wrong


async def test_a_post_pages_comments_and_likers_come_with_their_accounts(world: World) -> None:
    assert await writer_disagreements(world.db.uow) == []


async def test_in_memory_a_post_pages_comments_and_likers_come_with_their_accounts() -> None:
    assert await writer_disagreements(MemoryDatabase().uow) == []


async def post_page_disagreements(uow_factory: UnitOfWorkFactory) -> list[Any]:
    """A post page's one read (PageReads.post): posts_by_id's post with post_photos' photos, or None
    where the rule does not show it, for every post case."""
    viewer_id, cases, authors = await post_cases(uow_factory)
    async with uow_factory() as uow:
        for pid, _facts in cases[::2]:
            for n in (2, 1):
                await uow.albums.add_photo(Photo(id=0, owner_id=authors[pid], album_id=None, post_id=pid, position=n,
                                                 width=1, height=1, placeholder="", files={"320.webp": f"k{n}"},
                                                 created_at=NOW))
        await uow.commit()
    wrong: list[Any] = []
    async with uow_factory() as uow:
        for who in (Viewer(viewer_id), privacy.ANONYMOUS):
            rules = (privacy.content_rule(who), privacy.comment_rule(who), privacy.presence_rule(who))
            for pid, facts in cases:
                got = await uow.pages.post(pid, who.account_id, *rules)
                alone = (await uow.pages.posts_by_id([pid], who.account_id, *rules)).get(pid)
                photos = (await uow.albums.post_photos([pid])).get(pid, [])
                shows = privacy.evaluate(rules[0], as_seen_by(who, facts))
                if got != (alone and (alone, photos)) or (got is not None) != shows:
                    wrong.append((who, pid, got, alone))
    return wrong


async def test_a_post_page_read_agrees_with_python(world: World) -> None:
    assert await post_page_disagreements(world.db.uow) == []


async def test_in_memory_a_post_page_read_agrees_with_python() -> None:
    assert await post_page_disagreements(MemoryDatabase().uow) == []
