"""The in-memory repositories (tests/fakes) behave as the SQL ones: the same steps observe the same rows.

Each scenario runs on this test's database and on a fresh MemoryDatabase; what it observes —
answers of conditional statements, orders, pages, counts, what a rollback left — must be equal.
So the fast tier (tests/unit/core) tests rules against storage's semantics, not a fake's own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from core.albums.model import Album, Photo
from core.guestbook.model import Entry
from core.model import Account, Comment, Identity, Post, PostStatus, Visibility
from core.moderation.model import FilterAction, FilterEntry, LogEntry, Report, Role, Sanction, SanctionKind
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.errors import Conflict
from core.privacy import (
    ANONYMOUS, Viewer, comment_rule, guestbook_rule, interact_rule, liker_rule, presence_rule,
)
from core.shop.model import NewEntry
from core.social.events import FriendRequested
from tests.builders import World
from tests.fakes import MemoryDatabase
from tests.privacy_rows import NOW

Scenario = Callable[[UnitOfWorkFactory], Awaitable[list[Any]]]


async def agree(world: World, scenario: Scenario) -> list[Any]:
    on_sql, in_memory = await scenario(world.db.uow), await scenario(MemoryDatabase().uow)
    assert in_memory == on_sql
    return on_sql


async def people(uow: UnitOfWork, *handles: str) -> list[int]:
    made = [await uow.accounts.add(Account(id=0, handle=h, display_name=h.title(), created_at=NOW)) for h in handles]
    return [a.id for a in made if a is not None]


async def transactions(uows: UnitOfWorkFactory) -> list[Any]:
    seen: list[Any] = []
    async with uows() as uow:
        [a] = await people(uow, "alice")
        async with uows() as other:
            seen.append(await other.accounts.get(a) is None)  # not committed: invisible to others
        seen.append((await uow.accounts.get(a)) is not None)  # but seen by its own transaction
        await uow.commit()
    async with uows() as uow:
        await uow.wallet.change(a, 50, NewEntry("grant"), NOW)
        await uow.rollback()
    async with uows() as uow:
        await uow.social.add_circle(a, "left open")  # never committed: leaving the block drops it
    async with uows() as uow:
        seen += [await uow.wallet.state(a), await uow.social.circles_of(a), await uow.accounts.handles_starting("a", 5)]
    return seen


async def test_writes_are_seen_only_after_commit_and_rollback_or_leaving_discards_them(world: World) -> None:
    seen = await agree(world, transactions)
    assert seen[:2] == [True, True]


async def accounts_and_identities(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        a, b = await people(uow, "alice", "bob")
        seen: list[Any] = [await uow.accounts.add(Account(id=0, handle="alice", display_name="again", created_at=NOW))]
        seen += [await uow.accounts.claim_handle(b, "alice"), await uow.accounts.claim_handle(b, "bobby")]
        seen += [await uow.accounts.add_identity(Identity("console", "x", a)),
                 await uow.accounts.add_identity(Identity("console", "x", b))]
        await uow.moderation.put_sanction(Sanction(a, SanctionKind.MUTE, None, created_at=NOW))
        await uow.accounts.set_flow("console", "x", {"step": ("one", 2)}, NOW + timedelta(minutes=1))
        state = await uow.accounts.by_identity_state("console", "x")
        seen += [state, await uow.accounts.is_empty(a), await uow.accounts.is_empty(b)]
        await uow.accounts.add_link_code("h1", a, NOW + timedelta(minutes=10))
        await uow.accounts.add_link_code("h2", a, NOW - timedelta(minutes=1))
        seen += [await uow.accounts.take_link_code("h1", NOW), await uow.accounts.take_link_code("h1", NOW),
                 await uow.accounts.take_link_code("h2", NOW - timedelta(minutes=5))]
        seen += [await uow.accounts.handles_starting("b", 5), sorted(await uow.accounts.get_many([b, a, 99]))]
        await uow.commit()
    return seen


async def test_accounts_identities_handles_and_link_codes_agree(world: World) -> None:
    seen = await agree(world, accounts_and_identities)
    assert seen[:5] == [None, False, True, True, False]


async def social(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        a, b, c = await people(uow, "alice", "bob", "carol")
        await uow.social.add_request(c, a, NOW + timedelta(seconds=2))
        await uow.social.add_request(b, a, NOW + timedelta(seconds=1))
        await uow.social.add_friendship(a, b)
        await uow.social.add_friendship(a, b)  # twice is once
        family, zoo = await uow.social.add_circle(a, "Family"), await uow.social.add_circle(a, "Art")
        seen: list[Any] = [await uow.social.add_member(family.id, b), await uow.social.add_member(family.id, b)]
        seen += [await uow.social.incoming_requests(a), await uow.social.circles_of(a),
                 await uow.social.circle_by_name(a, "family"), await uow.social.relation(b, a),
                 await uow.social.relation(c, a), await uow.social.friend_ids(a)]
        await uow.social.add_friendship(a, c)
        await uow.moderation.put_sanction(Sanction(c, SanctionKind.BAN, None, created_at=NOW))
        seen += [await uow.social.count_friends(a, v, presence_rule(Viewer(v) if v else ANONYMOUS)) for v in (c, b, None)]
        await uow.moderation.lift(c, SanctionKind.BAN)
        await uow.social.remove_friendship(a, c)
        await uow.social.block(a, c)
        seen += [await uow.social.unblock(a, c), await uow.social.unblock(a, c), await uow.social.delete_request(b, a)]
        await uow.social.leave_circles_of(a, b)
        seen += [await uow.social.circles_of(a), zoo.name]
        await uow.commit()
    return seen


async def test_friendships_requests_blocks_and_circles_agree(world: World) -> None:
    seen = await agree(world, social)
    assert seen[:2] == [True, False]
    assert seen[8:11] == [2, 1, 1]  # count_friends: a banned friend counts only to themselves


async def posts_and_comments(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        a, b = await people(uow, "alice", "bob")
        await uow.social.add_friendship(a, b)
        ids = []
        for n in range(5):
            p = await uow.posts.add(Post(id=0, author_id=a, body=f"p{n}", visibility=Visibility.PUBLIC, created_at=NOW))
            await uow.posts.fan_out(p)
            ids.append(p.id)
        share = await uow.posts.add(Post(id=0, author_id=b, body="", shared_post_id=ids[0], created_at=NOW))
        head = await uow.posts.add_comment(Comment(id=0, post_id=ids[0], author_id=b, body="h", created_at=NOW))
        reply = await uow.posts.add_comment(Comment(id=0, post_id=ids[0], author_id=a, body="r", parent_id=head.id,
                                                    created_at=NOW))
        seen: list[Any] = [await uow.posts.like(ids[0], b), await uow.posts.like(ids[0], b),
                           await uow.posts.unlike(ids[1], b), await uow.posts.liked_by(ids, b)]
        hidden = await uow.posts.add(Post(id=0, author_id=a, body="mine", visibility=Visibility.PRIVATE, created_at=NOW))
        rules = (interact_rule(Viewer(b)), comment_rule(Viewer(b)), presence_rule(Viewer(b)))
        seen += [await uow.posts.like_shown(ids[2], b, *rules), await uow.posts.like_shown(ids[2], b, *rules),
                 await uow.posts.like_shown(hidden.id, b, *rules), await uow.posts.liked_by([hidden.id], b)]
        await uow.posts.set_comment_status(reply.id, PostStatus.HIDDEN.value)
        seen += [await uow.posts.get(ids[0]), await uow.posts.get_comment(reply.id)]
        seen += [await uow.posts.delete_comment(head), await uow.posts.get(ids[0])]
        await uow.posts.drop_from_feed(b, a)
        await uow.posts.backfill_feed(b, a, 3)
        seen.append(await uow.posts.feed_listing(b, *rules, before=None, limit=10))
        said = await uow.posts.add_comment_shown(Comment(id=0, post_id=ids[2], author_id=b, body="s", created_at=NOW),
                                                 rules[0])
        assert said is not None  # its id may be one SQLite reuses (the deleted thread's), the memory's never
        seen += [(said[0].body, said[0].status, said[1]), await uow.posts.add_comment_shown(
            Comment(id=0, post_id=hidden.id, author_id=b, body="no", created_at=NOW), rules[0]),
            [c.body for c in await uow.posts.comments(ids[2], b, rules[1])]]
        await uow.posts.delete(ids[4])
        seen += [await uow.posts.get(share.id), await uow.posts.get(ids[1])]
        await uow.commit()
    return seen


async def test_posts_counts_comments_likes_and_feed_inboxes_agree(world: World) -> None:
    seen = await agree(world, posts_and_comments)
    assert seen[:3] == [True, False, False]
    (post, author, new), again, hidden = seen[4:7]
    assert (post.like_count, author.handle, new, again[2], hidden, seen[7]) == (1, "alice", True, False, None, set())
    fed = next(s for s in seen if isinstance(s, list) and s and isinstance(s[0], tuple))
    # The three newest backfilled, of which bob may see two (the third is alice's private post), newest first.
    assert [(p.like_count, liked, a.handle) for p, liked, a in fed] == [(0, False, "alice")] * 2
    assert fed[0][0].id > fed[1][0].id > post.id
    said = next(s for s in seen if isinstance(s, tuple) and len(s) == 3 and s[0] == "s")
    assert (said[2].id, said[2].comment_count) == (post.id, 1)


async def wallet(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        [a] = await people(uow, "alice")
        seen: list[Any] = [await uow.wallet.change(a, -1, NewEntry("purchase"), NOW),  # no wallet: no coins
                           await uow.wallet.change(a, 30, NewEntry("grant", key="g"), NOW),
                           await uow.wallet.change(a, -31, NewEntry("purchase"), NOW),
                           await uow.wallet.change(a, -30, NewEntry("purchase", item_id="x"), NOW)]
        seen += [await uow.wallet.entry_by_key("g"), await uow.wallet.entries(a, 2), await uow.wallet.ledger_total(a)]
        seen += [await uow.wallet.check_in(a, "2026-01-01", "2025-12-31"),
                 await uow.wallet.check_in(a, "2026-01-01", "2025-12-31"),
                 await uow.wallet.check_in(a, "2026-01-02", "2026-01-01"),
                 await uow.wallet.check_in(a, "2026-01-04", "2026-01-03")]
        state = await uow.wallet.state(a)
        seen += [await uow.wallet.set_timezone(a, "Asia/Tokyo", NOW, seen=state),
                 await uow.wallet.set_timezone(a, "UTC", NOW, seen=state)]
        seen += [await uow.wallet.bump("k", 2), await uow.wallet.bump("k", 2), await uow.wallet.bump("k", 2)]
        await uow.wallet.unbump("k")
        await uow.wallet.unbump("none")
        seen += [await uow.wallet.counter("k"), await uow.wallet.counter("none")]
        seen += [await uow.wallet.add_item(a, "x", NOW, "purchase", None),
                 await uow.wallet.add_item(a, "x", NOW, "purchase", None), await uow.wallet.items(a)]
        await uow.wallet.set_look(a, theme_id="x", music_id=None)
        seen += [await uow.wallet.state(a), await uow.wallet.remove_item(a, "x"), await uow.wallet.owns(a, "x")]
        await uow.commit()
    return seen


async def test_balances_check_ins_counters_and_inventories_agree(world: World) -> None:
    seen = await agree(world, wallet)
    assert seen[0] is None and seen[2] is None and seen[3].balance_after == 0


async def moderation(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        a, b, c = await people(uow, "alice", "bob", "carol")
        await uow.moderation.set_role(a, Role.ADMIN, None, NOW)
        await uow.moderation.set_role(b, Role.MODERATOR, a, NOW)
        await uow.moderation.keep_admins([])
        seen: list[Any] = [await uow.moderation.staff_ids(), await uow.moderation.role(b)]
        for kind, until in ((SanctionKind.BAN, NOW + timedelta(hours=2)), (SanctionKind.MUTE, NOW + timedelta(hours=1))):
            await uow.moderation.put_sanction(Sanction(c, kind, until, "r", b, NOW))
        seen += [await uow.moderation.due(NOW + timedelta(hours=3)), await uow.moderation.banned_among([a, c]),
                 await uow.moderation.lift(c, SanctionKind.MUTE), await uow.moderation.lift(c, SanctionKind.MUTE)]
        r1 = await uow.moderation.add_report(Report(0, a, c, None, "x", NOW))
        await uow.moderation.add_report(Report(0, b, c, None, "y", NOW, comment_id=7))
        seen += [await uow.moderation.has_open_report(a, c, None), await uow.moderation.has_open_report(b, c, None),
                 await uow.moderation.close_reports(comment_ids=[7]), await uow.moderation.close_reports(),
                 await uow.moderation.open_reports(5), await uow.moderation.get_report(r1.id)]
        for action, target in (("ban", c), ("hide", a), ("mute", c)):
            await uow.moderation.add_log(LogEntry(0, NOW, b, action, target))
        seen += [await uow.moderation.log_entries(c, 5), await uow.moderation.log_entries(None, 2)]
        seen += [await uow.moderation.put_word(FilterEntry("zz", FilterAction.BLOCK)),
                 await uow.moderation.put_word(FilterEntry("zz", FilterAction.HOLD)),
                 await uow.moderation.put_word(FilterEntry("aa", FilterAction.BLOCK, "config"))]
        await uow.moderation.replace_config_words([FilterEntry("mm", FilterAction.HOLD, "config")])
        seen += [sorted(await uow.moderation.filter_words(), key=lambda e: e.word),  # SQL leaves the order open
                 await uow.moderation.remove_word("zz")]
        since = NOW - timedelta(hours=1)
        seen += [await uow.moderation.claim_hit(a, "post", NOW - timedelta(hours=2), 2, since - timedelta(hours=2)),
                 await uow.moderation.claim_hit(a, "post", NOW, 2, since), await uow.moderation.claim_hit(a, "post", NOW, 2, since),
                 await uow.moderation.claim_hit(a, "post", NOW, 2, since), await uow.moderation.hits(a, "post", since),
                 await uow.moderation.claim_hit(999, "post", NOW, 2, since)]
        await uow.commit()
    return seen


async def test_roles_sanctions_reports_the_log_words_and_rate_hits_agree(world: World) -> None:
    seen = await agree(world, moderation)
    assert seen[0] == [2]  # the admin row went with keep_admins([]); the moderator stays


async def outbox_and_state(uows: UnitOfWorkFactory) -> list[Any]:
    later, much_later = NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    async with uows() as uow:
        [a] = await people(uow, "alice")
        await uow.accounts.add_identity(Identity("console", "x", a))
        for n in range(3):
            await uow.outbox.add(FriendRequested(a, n), NOW)
        claimed = await uow.outbox.claim(2)
        await uow.outbox.mark_dispatched([s.id for s in claimed], NOW)
        x = Identity("console", "x", a)
        for stored in claimed:
            await uow.outbox.add_delivery(stored.id, x, {"text": f"e{stored.id}"}, NOW)
        await uow.outbox.add_delivery(claimed[0].id, x, {"text": "again"}, NOW)  # once per event and identity
        first = await uow.outbox.lease_deliveries("console", 10, NOW, NOW + timedelta(minutes=1))
        await uow.outbox.mark_failed(first[0].id, later, give_up=False)
        await uow.outbox.release([first[1].id], NOW)
        seen: list[Any] = [claimed, await uow.outbox.claim(5), first,
                           await uow.outbox.lease_deliveries("console", 10, NOW, later)]  # the later one waits too
        retried = await uow.outbox.lease_deliveries("console", 1, much_later, much_later + timedelta(minutes=1))
        await uow.outbox.mark_sent(retried[0].id, much_later)
        seen += [retried, await uow.outbox.lease_deliveries("console", 10, much_later, much_later, "x")]
        await uow.outbox.withdraw([first[1].id])
        await uow.outbox.set_reachable("console", "x", False)
        seen += [await uow.outbox.lease_deliveries("console", 10, much_later, much_later),
                 await uow.accounts.identities(a), await uow.outbox.event(claimed[1].id), await uow.outbox.event(99)]
        await uow.state.put("k", {"n": 1}, later)
        await uow.state.put("k", {"n": 2}, later)
        seen += [await uow.state.get("k", NOW), await uow.state.get("k", later),
                 await uow.state.add_once("k", later), await uow.state.add_once("new", NOW)]
        await uow.state.delete("k")
        seen += [await uow.state.get("k", NOW), await uow.state.purge(later), await uow.state.add_once("new", later)]
        await uow.commit()
    return seen


async def test_the_outbox_leases_deliveries_in_event_order_and_keyed_state_expires_alike(world: World) -> None:
    seen = await agree(world, outbox_and_state)
    assert [len(s) for s in seen[:4]] == [2, 1, 2, 0]


async def albums(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        [a] = await people(uow, "alice")
        post = await uow.posts.add(Post(id=0, author_id=a, body="p", created_at=NOW))
        album = await uow.albums.add(Album(id=0, owner_id=a, title="Trip", slug="trip", created_at=NOW, updated_at=NOW))
        seen: list[Any] = [album, await uow.albums.next_position(album.id)]
        photos = []
        for n, (position, album_id, post_id) in enumerate(((2, album.id, None), (1, album.id, None), (0, None, post.id))):
            photos.append(await uow.albums.add_photo(Photo(
                id=0, owner_id=a, album_id=album_id, post_id=post_id, position=position, width=1, height=1,
                placeholder="", files={"320.webp": f"k{n}"}, original_key=f"o{n}" if n else None, created_at=NOW)))
        await uow.albums.recount(album.id)
        seen += [await uow.albums.get(album.id), await uow.albums.next_position(album.id),
                 await uow.albums.photos(album.id), await uow.albums.post_photos([post.id, 99]),
                 sorted(await uow.albums.media_keys())]
        await uow.albums.delete_photo(photos[1].id)
        await uow.albums.recount(album.id)
        moved = Photo(**{**photos[0].__dict__, "caption": "c", "alt": "a", "position": 5})
        await uow.albums.save_photo(moved)
        await uow.albums.mark_answered(album.id, a, NOW)
        await uow.albums.mark_answered(album.id, a, NOW)
        seen += [await uow.albums.get(album.id), await uow.albums.get_photo(photos[0].id),
                 await uow.albums.has_answered(album.id, a), await uow.albums.by_slug(a, "trip")]
        await uow.albums.forget_answers(album.id)
        seen.append(await uow.albums.has_answered(album.id, a))
        await uow.posts.delete(post.id)  # a post's photos go with it
        await uow.albums.delete(album.id)
        seen += [await uow.albums.media_keys(), await uow.albums.get(album.id)]
        await uow.commit()
    return seen


async def test_albums_photos_covers_and_answers_agree(world: World) -> None:
    seen = await agree(world, albums)
    assert seen[2].cover_photo_id == seen[4][0].id  # the first by position, whatever the upload order


async def photo_likes_and_comments(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        a, b, c = await people(uow, "alice", "bob", "carol")
        album = await uow.albums.add(Album(id=0, owner_id=a, title="Trip", slug="trip", created_at=NOW, updated_at=NOW))
        photos = [await uow.albums.add_photo(Photo(
            id=0, owner_id=a, album_id=album.id, position=n, width=1, height=1, placeholder="", files={},
            created_at=NOW)) for n in range(2)]
        p, q = photos[0].id, photos[1].id
        seen: list[Any] = [await uow.albums.like_photo(p, b), await uow.albums.like_photo(p, b),
                           await uow.albums.like_photo(p, c), await uow.albums.unlike_photo(q, b),
                           await uow.albums.photo_liked_by([p, q, 99], b), (await uow.albums.get_photo(p)).like_count]
        head = await uow.posts.add_comment(Comment(id=0, post_id=None, photo_id=p, author_id=b, body="h", created_at=NOW))
        reply = await uow.posts.add_comment(Comment(id=0, post_id=None, photo_id=p, author_id=a, body="r",
                                                    parent_id=head.id, created_at=NOW))
        await uow.posts.add_comment(Comment(id=0, post_id=None, photo_id=q, author_id=c, body="q", created_at=NOW))
        await uow.moderation.put_sanction(Sanction(c, SanctionKind.BAN, None, created_at=NOW))
        for who in (Viewer(a), Viewer(c), ANONYMOUS):
            comments_rule, likes_rule = comment_rule(who), presence_rule(who)
            seen += [await uow.albums.photo_counts([p, q, 99], who.account_id, comments_rule, likes_rule),
                     [x.id for x in await uow.posts.photo_comments(p, who.account_id, comments_rule)],
                     await uow.albums.photo_likers(p, who.account_id, liker_rule(who), 1)]
        await uow.posts.set_comment_status(head.id, PostStatus.HIDDEN.value)
        seen += [[x.id for x in await uow.posts.photo_comments(p, a, comment_rule(Viewer(a)))],
                 await uow.posts.comments(p, a, comment_rule(Viewer(a))),  # a photo's comments are on no post
                 await uow.posts.get_comment(reply.id)]
        seen += [await uow.posts.delete_comment(head), await uow.albums.unlike_photo(p, b),
                 (await uow.albums.get_photo(p)).like_count]
        await uow.albums.delete_photo(q)  # its comments and likes go with it
        await uow.albums.delete(album.id)
        seen += [await uow.albums.photo_liked_by([p], c), await uow.posts.get_comment(head.id)]
        await uow.commit()
    async with uows() as uow:  # a comment is on exactly one thing: a post or a photo
        try:
            await uow.posts.add_comment(Comment(id=0, post_id=None, author_id=a, body="x", created_at=NOW))
        except Conflict as exc:
            seen.append(str(exc))
    return seen


async def test_photo_likes_comments_counts_and_cascades_agree(world: World) -> None:
    seen = await agree(world, photo_likes_and_comments)
    assert seen[:6] == [True, False, True, False, {1}, 2]
    # Alice counts neither banned carol's like nor her comment; carol, banned, still sees her own.
    assert (seen[6], seen[9]) == ({1: (1, 2), 2: (0, 0)}, {1: (2, 2), 2: (0, 1)})


async def guestbook(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        a, b, c = await people(uow, "alice", "bob", "carol")
        entries = [await uow.guestbook.add(Entry(0, a, writer, f"e{n}", private=n % 2 == 1, created_at=NOW))
                   for n, writer in enumerate((b, c, b, c, b))]
        await uow.guestbook.set_status(entries[2].id, PostStatus.HIDDEN.value)
        await uow.moderation.put_sanction(Sanction(c, SanctionKind.BAN, None, created_at=NOW))
        seen: list[Any] = [entries[0], await uow.guestbook.get(entries[2].id), await uow.guestbook.get(999)]
        seen += [await uow.guestbook.set_reply(entries[0].id, a, "thanks", NOW + timedelta(minutes=1)),
                 await uow.guestbook.set_reply(entries[0].id, b, "not mine", NOW),  # only the owner's row
                 await uow.guestbook.set_reply(999, a, "gone", NOW)]
        for who in (Viewer(a), Viewer(b), Viewer(c), ANONYMOUS):
            rule = guestbook_rule(who)
            seen += [[e.id for e in await uow.guestbook.listing(a, who.account_id, rule, before=None, limit=3)],
                     [e.id for e in await uow.guestbook.listing(a, who.account_id, rule, before=entries[3].id, limit=3)],
                     await uow.guestbook.get_visible(entries[0].id, who.account_id, rule) is not None,
                     await uow.guestbook.get_visible(entries[2].id, who.account_id, rule) is not None]
        seen += [await uow.guestbook.delete(entries[4].id), await uow.guestbook.delete(entries[4].id)]
        await uow.accounts.delete(b)  # a writer's entries go with the account
        seen += [await uow.guestbook.listing(a, a, guestbook_rule(Viewer(a)), before=None, limit=10)]
        await uow.commit()
    return seen


async def test_guestbook_entries_replies_pages_and_deletes_agree(world: World) -> None:
    seen = await agree(world, guestbook)
    assert seen[3:6] == [True, False, False]
    assert seen[6] == [5, 1]  # the owner: bob's private note g5 and g1; not the hidden g3, nor banned carol's g2, g4
