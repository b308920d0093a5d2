"""Moderation rules on memory: who may act, on whom, sanctions and their expiry, reports and the word filter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import privacy
from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.guestbook import moderation as moderation_guestbook
from core.guestbook import service as guestbook
from core.model import Account, Post, PostStatus, Visibility
from core.moderation import actions as moderation
from core.moderation import comments as moderation_comments
from core.moderation import reports as moderation_reports
from core.moderation.actions import Staff
from core.moderation.model import FilterAction, FilterEntry, Refused, Role, SanctionKind
from core.ports import UnitOfWork
from core.posts import service as posts
from core.posts.model import Audience
from core.privacy import Viewer
from tests.builders import World
from tests.unit.core.helpers import befriend, person, tx

PUBLIC = Audience(Visibility.PUBLIC)


async def staff(world: World, who: Account, needed: Role = Role.MODERATOR) -> Staff | None:
    async def check(uow: UnitOfWork) -> Staff | None:
        try:
            return await moderation.require(uow, world.clock.now(), world.services.admins, who, needed, "/mod something")
        except Refused:
            return None  # answered, as the router does, so the logged attempt commits
    return await tx(world, check)


async def admin(world: World) -> Staff:
    found = await staff(world, await person(world, "admin"), Role.ADMIN)
    assert found is not None
    return found


async def post(world: World, author: Account, text: str = "hello") -> Post:
    return await tx(world, lambda uow: posts.create_post(uow, world.clock.now(), author, text, PUBLIC))


async def seen_by(world: World, viewer: Account | None, post_id: int) -> bool:
    who = Viewer(viewer.id if viewer else None)
    return await tx(world, lambda uow: uow.posts.get_visible(post_id, who.account_id, privacy.content_rule(who))) \
        is not None


async def actions(world: World) -> list[str]:
    return [e.action for e in await tx(world, lambda uow: moderation.log_entries(uow, None))]


async def test_a_configured_admin_is_admin_and_everyone_else_a_user_until_promoted(world: World) -> None:
    boss, alice = await admin(world), await person(world, "alice")
    assert boss.role is Role.ADMIN
    assert await tx(world, lambda uow: moderation.role_of(uow, world.services.admins, alice)) is Role.USER
    await tx(world, lambda uow: moderation.promote(uow, world.clock.now(), boss, alice))
    assert await tx(world, lambda uow: moderation.role_of(uow, world.services.admins, alice)) is Role.MODERATOR
    with pytest.raises(Conflict, match="already a moderator"):
        await tx(world, lambda uow: moderation.promote(uow, world.clock.now(), boss, alice))


async def test_a_refused_attempt_is_logged_and_gives_no_staff(world: World) -> None:
    alice = await person(world, "alice")
    assert await staff(world, alice) is None
    entries = await tx(world, lambda uow: moderation.log_entries(uow, alice))
    assert [(e.action, e.actor_id, e.reason) for e in entries] == [("denied", alice.id, "/mod something")]


async def test_a_moderator_may_not_do_what_needs_an_admin(world: World) -> None:
    boss, mod = await admin(world), await person(world, "mod")
    await tx(world, lambda uow: moderation.promote(uow, world.clock.now(), boss, mod))
    assert (await staff(world, mod)) is not None
    assert await staff(world, mod, Role.ADMIN) is None
    assert await actions(world) == ["denied", "promote"]


async def test_nobody_moderates_themselves_an_admin_or_as_a_moderator_another_moderator(world: World) -> None:
    boss = await admin(world)
    mod1, mod2 = await person(world, "mod1"), await person(world, "mod2")
    for m in (mod1, mod2):
        await tx(world, lambda uow: moderation.promote(uow, world.clock.now(), boss, m))
    as_mod = await staff(world, mod1)
    assert as_mod is not None
    now = world.clock.now()
    with pytest.raises(Invalid, match="can't mute yourself"):
        await tx(world, lambda uow: moderation.mute(uow, now, as_mod, mod1, timedelta(hours=1), ""))
    with pytest.raises(Forbidden, match="only an admin can ban them"):
        await tx(world, lambda uow: moderation.ban(uow, now, as_mod, mod2, None, ""))
    with pytest.raises(Forbidden, match="admins can't be moderated"):
        await tx(world, lambda uow: moderation.ban(uow, now, as_mod, boss.account, None, ""))
    await tx(world, lambda uow: moderation.ban(uow, now, boss, mod2, None, "abuse"))  # an admin may
    with pytest.raises(Forbidden, match="admin by configuration"):
        await tx(world, lambda uow: moderation.demote(uow, now, boss, boss.account))


async def test_a_moderator_on_their_own_or_another_moderators_guestbook_entry_is_refused_in_words(world: World) -> None:
    boss, owner = await admin(world), await person(world, "owner")
    mod1, mod2 = await person(world, "mod1"), await person(world, "mod2")
    now = world.clock.now()
    entries = []
    for m in (mod1, mod2):
        await tx(world, lambda uow: moderation.promote(uow, now, boss, m))
        await befriend(world, owner, m)
        entries.append(await tx(world, lambda uow: guestbook.sign(uow, now, m, owner, "hi")))
    as_mod = await staff(world, mod1)
    assert as_mod is not None
    own, other = entries
    with pytest.raises(Invalid, match="can't hide guestbook entries of yourself"):
        await tx(world, lambda uow: moderation_guestbook.hide_entry(uow, now, as_mod, own.id, ""))
    with pytest.raises(Forbidden, match="only an admin can delete guestbook entries of them"):
        await tx(world, lambda uow: moderation_guestbook.delete_entry(uow, now, as_mod, other.id, ""))
    await tx(world, lambda uow: moderation_guestbook.hide_entry(uow, now, boss, other.id, "rude"))  # an admin may
    with pytest.raises(Forbidden, match="only an admin can restore guestbook entries of them"):
        await tx(world, lambda uow: moderation_guestbook.restore_entry(uow, now, as_mod, other.id))
    with pytest.raises(NotFound, match="no guestbook entry g999"):
        await tx(world, lambda uow: moderation_guestbook.hide_entry(uow, now, as_mod, 999, ""))


async def test_demoting_takes_the_role_away_once(world: World) -> None:
    boss, mod = await admin(world), await person(world, "mod")
    now = world.clock.now()
    await tx(world, lambda uow: moderation.promote(uow, now, boss, mod))
    await tx(world, lambda uow: moderation.demote(uow, now, boss, mod))
    assert await staff(world, mod) is None
    with pytest.raises(NotFound, match="isn't a moderator"):
        await tx(world, lambda uow: moderation.demote(uow, now, boss, mod))


async def test_a_hidden_post_shows_to_its_author_only_until_restored_and_its_reports_close(world: World) -> None:
    boss, alice, bob = await admin(world), await person(world, "alice"), await person(world, "bob")
    p = await post(world, alice)
    now = world.clock.now()
    await tx(world, lambda uow: moderation_reports.report_post(uow, now, bob, p.id, "spam"))
    await tx(world, lambda uow: moderation.hide_post(uow, now, boss, p.id, "spam"))
    assert (await seen_by(world, alice, p.id), await seen_by(world, bob, p.id), await seen_by(world, None, p.id)) \
        == (True, False, False)
    assert await tx(world, lambda uow: moderation_reports.queue(uow)) == []
    with pytest.raises(Conflict, match="already hidden"):
        await tx(world, lambda uow: moderation.hide_post(uow, now, boss, p.id, "again"))
    await tx(world, lambda uow: moderation.restore_post(uow, now, boss, p.id))
    assert await seen_by(world, bob, p.id)
    with pytest.raises(Conflict, match="is not hidden"):
        await tx(world, lambda uow: moderation.restore_post(uow, now, boss, p.id))
    with pytest.raises(NotFound):
        await tx(world, lambda uow: moderation.hide_post(uow, now, boss, 999, ""))


async def test_a_muted_person_reads_but_cannot_post_until_the_mute_expires(world: World) -> None:
    boss, alice = await admin(world), await person(world, "alice")
    await tx(world, lambda uow: moderation.mute(uow, world.clock.now(), boss, alice, timedelta(hours=2), "calm down"))
    with pytest.raises(Forbidden, match="You are muted until 2026-01-01 14:00 UTC"):
        await post(world, alice)
    world.clock.advance(hours=2)
    assert [s.kind for s in await tx(world, lambda uow: moderation.expire(uow, world.clock.now()))] \
        == [SanctionKind.MUTE]
    assert (await post(world, alice)).status is PostStatus.ACTIVE
    assert (await actions(world))[0] == "mute_expired"


async def test_a_ban_hides_the_whole_zone_and_closes_reports_about_the_person_until_unbanned(world: World) -> None:
    boss, alice, bob = await admin(world), await person(world, "alice"), await person(world, "bob")
    p = await post(world, alice)
    now = world.clock.now()
    await tx(world, lambda uow: moderation_reports.report_account(uow, now, bob, alice, "spammer"))
    await tx(world, lambda uow: moderation.ban(uow, now, boss, alice, timedelta(days=1), "spam"))
    assert (await seen_by(world, alice, p.id), await seen_by(world, bob, p.id)) == (True, False)
    assert await tx(world, lambda uow: moderation_reports.queue(uow)) == []
    with pytest.raises(Forbidden, match="You are banned"):
        await post(world, alice)
    await tx(world, lambda uow: moderation.unban(uow, now, boss, alice))
    assert await seen_by(world, bob, p.id)
    with pytest.raises(NotFound, match="isn't banned"):
        await tx(world, lambda uow: moderation.unban(uow, now, boss, alice))


async def test_a_second_sanction_replaces_the_first_and_a_timeless_ban_never_expires(world: World) -> None:
    boss, alice = await admin(world), await person(world, "alice")
    now = world.clock.now()
    await tx(world, lambda uow: moderation.ban(uow, now, boss, alice, timedelta(hours=1), "first"))
    await tx(world, lambda uow: moderation.ban(uow, now, boss, alice, None, "second"))
    world.clock.advance(days=365)
    await tx(world, lambda uow: moderation.expire_for(uow, world.clock.now(), alice.id))
    ban = await tx(world, lambda uow: uow.moderation.sanction(alice.id, SanctionKind.BAN))
    assert ban is not None and (ban.until, ban.reason) == (None, "second")


async def test_one_persons_expired_ban_is_lifted_before_their_message_and_logged_once(world: World) -> None:
    boss, alice = await admin(world), await person(world, "alice")
    await tx(world, lambda uow: moderation.ban(uow, world.clock.now(), boss, alice, timedelta(minutes=30), ""))
    world.clock.advance(minutes=31)
    for _ in range(2):
        await tx(world, lambda uow: moderation.expire_for(uow, world.clock.now(), alice.id))
    assert await actions(world) == ["ban_expired", "ban"]


async def test_reports_need_a_reason_someone_elses_visible_post_and_are_filed_once(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    p = await post(world, alice)
    hidden = await tx(world, lambda uow: posts.create_post(uow, world.clock.now(), alice, "mine",
                                                           Audience(Visibility.PRIVATE)))
    now = world.clock.now()
    with pytest.raises(Invalid, match="your own post"):
        await tx(world, lambda uow: moderation_reports.report_post(uow, now, alice, p.id, "spam"))
    with pytest.raises(Invalid, match="Say what is wrong"):
        await tx(world, lambda uow: moderation_reports.report_post(uow, now, bob, p.id, "  "))
    with pytest.raises(NotFound):
        await tx(world, lambda uow: moderation_reports.report_post(uow, now, bob, hidden.id, "spam"))
    report = await tx(world, lambda uow: moderation_reports.report_post(uow, now, bob, p.id, "spam"))
    with pytest.raises(Conflict, match="already reported"):
        await tx(world, lambda uow: moderation_reports.report_post(uow, now, bob, p.id, "spam"))
    assert [r.id for r in await tx(world, lambda uow: moderation_reports.queue(uow))] == [report.id]


async def test_a_blocked_word_refuses_the_post_and_a_held_one_hides_it_for_review(world: World) -> None:
    boss, alice = await admin(world), await person(world, "alice")
    now = world.clock.now()
    assert await tx(world, lambda uow: moderation_reports.add_word(uow, now, boss, "darn", FilterAction.BLOCK))
    assert await tx(world, lambda uow: moderation_reports.add_word(uow, now, boss, "casino", FilterAction.HOLD))
    with pytest.raises(Invalid, match="“darn” isn't allowed"):
        await post(world, alice, "Darn it")
    assert (await post(world, alice, "a classic tune")).status is PostStatus.ACTIVE  # whole words only
    held = await post(world, alice, "visit my casino")
    assert held.status is PostStatus.HIDDEN
    [report] = await tx(world, lambda uow: moderation_reports.queue(uow))
    assert (report.reporter_id, report.post_id, report.reason) == (None, held.id, "held by the word filter: “casino”")


async def test_config_words_are_replaced_at_start_and_chat_words_stay(world: World) -> None:
    boss = await admin(world)
    await tx(world, lambda uow: moderation_reports.add_word(uow, world.clock.now(), boss, "chatword", FilterAction.BLOCK))
    await tx(world, lambda uow: moderation_reports.sync_config_words(uow, [FilterEntry("old", FilterAction.BLOCK,
                                                                                         "config")]))
    await tx(world, lambda uow: moderation_reports.sync_config_words(uow, [FilterEntry("new", FilterAction.HOLD,
                                                                                         "config")]))
    assert [(e.word, e.source) for e in await tx(world, moderation_reports.words)] \
        == [("chatword", "chat"), ("new", "config")]


async def test_admin_rows_follow_the_configured_admins(world: World) -> None:
    boss, alice = await admin(world), await person(world, "alice")
    now = world.clock.now()
    await tx(world, lambda uow: moderation.sync_admins(uow, now, world.services.admins))
    assert await tx(world, lambda uow: uow.moderation.staff_ids()) == [boss.account.id]
    await tx(world, lambda uow: moderation.sync_admins(uow, now, {"console": frozenset({"alice"})}))
    assert await tx(world, lambda uow: uow.moderation.staff_ids()) == [alice.id]


async def test_a_hidden_comment_shows_to_its_author_only_and_a_deleted_one_goes_with_its_replies(world: World) -> None:
    boss, alice, bob = await admin(world), await person(world, "alice"), await person(world, "bob")
    p = await post(world, alice)
    now = world.clock.now()
    head = await tx(world, lambda uow: posts.add_comment(uow, now, bob, p.id, "rude"))
    reply = await tx(world, lambda uow: posts.add_reply(uow, now, alice, head.id, "hey"))

    async def shown_to(viewer: Account) -> list[int]:
        rule = privacy.comment_rule(Viewer(viewer.id))
        return [c.id for c in await tx(world, lambda uow: uow.posts.comments(p.id, viewer.id, rule))]

    await tx(world, lambda uow: moderation_comments.hide_comment(uow, now, boss, head.id, "rude"))
    # Its author still sees the thread; to everyone else the replies are hidden with it, even to their own author.
    assert (await shown_to(bob), await shown_to(alice)) == ([head.id, reply.id], [])
    with pytest.raises(Conflict, match="already hidden"):
        await tx(world, lambda uow: moderation_comments.hide_comment(uow, now, boss, head.id, ""))
    await tx(world, lambda uow: moderation_comments.restore_comment(uow, now, boss, head.id))
    assert await shown_to(alice) == [head.id, reply.id]
    await tx(world, lambda uow: moderation_comments.delete_comment(uow, now, boss, head.id, "rude"))
    assert await shown_to(bob) == []
    assert (await actions(world))[:3] == ["delete_comment", "restore_comment", "hide_comment"]
