"""Many processes serving one person at once: every limit, counter and unique claim holds.

Each racing message goes through the real chat stack of its own platform instance, built by
`openzone.bootstrap` on its own engine (as a separate process has), so every message is its own
transaction on its own connection; the instances share the database and the clock.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from core.ratelimit import Limit, RateLimits
from tests.builders import World, make_incoming, text
from tests.images import attachment, photo
from tests.integration.conftest import Crowd


async def at_once(worlds: list[World], messages: list[tuple[str, str]], platform: str = "console",
                  action: bool = False) -> list[str]:
    """Each (user, text) handled at the same moment, message i by instance i mod len(worlds)."""
    world_clock = worlds[0].clock
    world_clock.advance(seconds=1)

    async def one(i: int, user: str, said: str) -> str:
        kw = {"action": said} if action else {}
        incoming = make_incoming("" if action else said, user=user, platform=platform, **kw)  # type: ignore[arg-type]
        return text(await worlds[i % len(worlds)].router.handle(incoming))

    return list(await asyncio.gather(*(one(i, u, t) for i, (u, t) in enumerate(messages))))


def nothing_went_wrong(answers: list[str]) -> None:
    assert [a for a in answers if "went wrong" in a or "same moment" in a] == []


async def test_twenty_parallel_answers_to_an_album_question_evaluate_at_most_five_guesses(
    world: World, crowd: Crowd,
) -> None:
    await world.say("bob", "/start")
    await world.say("alice", "/album new Trip")
    await world.say("alice", "#trip", attachments=(attachment(photo()),))
    await world.say("alice", "/album question Trip Where did we meet? | Rome")
    guesses = [("bob", f"/album answer alice Trip guess {n}") for n in range(19)] + [("bob", "/album answer alice Trip Rome")]
    answers = await at_once(await crowd(10), guesses)
    nothing_went_wrong(answers)
    evaluated = [a for a in answers if "not the answer" in a or "Right!" in a]
    assert len(evaluated) <= 5
    assert sum("That's 5 tries" in a for a in answers) == 20 - len(evaluated)
    if not any("Right!" in a for a in evaluated):
        assert (await world.says("bob", "/album answer alice Trip Rome")).startswith("⚠️ That's 5 tries")
        assert (await world.says("bob", "/album show @alice Trip")).startswith("🔒")


async def test_a_new_persons_first_message_on_five_processes_at_once_makes_one_account_and_answers_each(
    world: World, crowd: Crowd,
) -> None:
    answers = await at_once(await crowd(5), [("newbie", "/start")] * 5, platform="telegram")
    nothing_went_wrong(answers)
    assert all("Welcome" in a for a in answers), answers
    async with world.db.uow() as uow:
        account = await uow.accounts.by_identity("telegram", "newbie")
        assert account is not None and account.handle == "newbie"
        assert [h for _, h in await uow.accounts.handles_starting("newbie", 10)] == ["newbie"]


async def test_people_with_the_same_name_arriving_at_once_each_get_their_own_handle(world: World, crowd: Crowd) -> None:
    worlds = await crowd(4)
    answers = list(await asyncio.gather(*(
        w.router.handle(make_incoming("/start", user="sam", platform=p))
        for w, p in zip(worlds, ("telegram", "discord", "console", "qq"), strict=True)
    )))
    said = [text(a) for a in answers]
    nothing_went_wrong(said)
    assert all("Welcome to OpenZone" in s for s in said), said
    async with world.db.uow() as uow:
        assert sorted(h for _, h in await uow.accounts.handles_starting("sam", 10)) == ["sam", "sam2", "sam3", "sam4"]


async def test_six_people_claiming_the_same_handle_at_once_one_wins_and_the_others_are_told(
    world: World, crowd: Crowd,
) -> None:
    people = [f"person{n}" for n in range(6)]
    for p in people:
        await world.say(p, "/start")
    answers = await at_once(await crowd(6), [(p, "/handle star") for p in people])
    nothing_went_wrong(answers)
    assert sum(a == "You are now @star." for a in answers) == 1, answers
    assert sum(a == "⚠️ @star is taken — try another." for a in answers) == 5, answers


async def test_ten_parallel_check_ins_pay_once(world: World, crowd: Crowd) -> None:
    await world.say("alice", "/start")
    answers = await at_once(await crowd(10), [("alice", "/checkin")] * 10)
    nothing_went_wrong(answers)
    assert sum(a.startswith("✅ Checked in") for a in answers) == 1, answers
    assert sum("already checked in today" in a for a in answers) == 9, answers
    assert (await world.says("alice", "/wallet")).startswith("💰 10 coins · streak 1 day")


async def test_parallel_first_posts_of_the_day_pay_the_daily_reward_once(world: World, crowd: Crowd) -> None:
    await world.say("alice", "/start")
    answers = await at_once(await crowd(8), [("alice", f"/post public hello {n}") for n in range(8)])
    nothing_went_wrong(answers)
    assert sum("Posted #" in a for a in answers) == 8
    shown = await world.says("alice", "/wallet")
    assert shown.startswith("💰 5 coins") and shown.count("first post of the day") == 1


async def test_one_buy_button_pressed_ten_times_at_once_buys_once_and_every_press_says_so(
    world: World, crowd: Crowd,
) -> None:
    await world.say("alice", "/start")
    assert "Granted" in await world.says("admin", "/grant alice 500 test coins")
    [offer] = await world.say("alice", "/buy sakura")
    [action] = [b.action for row in offer.buttons for b in row if b.action and b.action.startswith("buy:")]
    answers = await at_once(await crowd(10), [("alice", action)] * 10, action=True)
    nothing_went_wrong(answers)
    assert answers == ["🎉 Sakura is yours. Balance: 380 coins. /theme sakura to use it."] * 10
    assert (await world.says("alice", "/wallet")).startswith("💰 380 coins")


async def test_one_link_code_redeemed_from_six_messengers_at_once_links_one(world: World, crowd: Crowd) -> None:
    found = re.search(r"/link ([A-Z0-9-]+)", await world.says("alice", "/link"))
    assert found is not None
    answers = list(await asyncio.gather(*(
        w.router.handle(make_incoming(f"/link {found.group(1)}", user=f"tg{n}", platform="telegram"))
        for n, w in enumerate(await crowd(6))
    )))
    said = [text(a) for a in answers]
    nothing_went_wrong(said)
    assert sum(s.startswith("Linked!") for s in said) == 1, said
    assert sum("unknown, used or expired" in s for s in said) == 5, said


async def test_parallel_posts_from_separate_processes_never_exceed_the_rate_limit(world: World, crowd: Crowd) -> None:
    world.services.limits = RateLimits(limits={"posts": Limit(3, timedelta(minutes=30))})
    await world.say("racer", "/start")
    world.clock.advance(days=2)
    answers = await at_once(await crowd(8), [("racer", f"/post public race {n}") for n in range(8)])
    nothing_went_wrong(answers)
    assert sum("Posted #" in a for a in answers) == 3
    assert sum("Slow down" in a for a in answers) == 5


async def test_parallel_posts_after_the_days_reward_never_exceed_the_rate_limit(world: World, crowd: Crowd) -> None:
    # With the day's reward paid, no counter of the reward's keeps the racers in turn: the claims do (on
    # PostgreSQL after the account's row lock, which the post's own statement takes).
    world.services.limits = RateLimits(limits={"posts": Limit(4, timedelta(minutes=30))})
    await world.say("racer", "/start")
    world.clock.advance(days=2)
    assert "Posted #" in await world.says("racer", "/post public the day's first")
    answers = await at_once(await crowd(8), [("racer", f"/post public race {n}") for n in range(8)])
    nothing_went_wrong(answers)
    assert sum("Posted #" in a for a in answers) == 3
    assert sum("Slow down" in a for a in answers) == 5


async def test_parallel_guestbook_entries_from_separate_processes_never_exceed_the_guestbook_limit(
    world: World, crowd: Crowd,
) -> None:
    world.services.limits = RateLimits(limits={"guestbook": Limit(3, timedelta(minutes=10))})
    await world.say("owner", "/start")
    await world.say("racer", "/start")
    world.clock.advance(days=2)
    answers = await at_once(await crowd(8), [("racer", f"/guestbook owner race {n}") for n in range(8)])
    nothing_went_wrong(answers)
    assert sum("Signed @owner's guestbook" in a for a in answers) == 3, answers
    assert sum("Slow down" in a for a in answers) == 5, answers
    assert len(re.findall(r"^g\d+ ·", await world.says("owner", "/guestbook"), re.M)) == 3


async def test_parallel_likes_on_one_photo_count_each_person_once(world: World, crowd: Crowd) -> None:
    await world.say("alice", "/album new Trip public")
    await world.say("alice", "#trip", attachments=(attachment(photo()),))
    fans = [f"fan{n}" for n in range(6)]
    for fan in fans:
        await world.say(fan, "/start")
    # Six people at once, and the first of them five more times: one claim each, the tally by one statement.
    answers = await at_once(await crowd(6), [(fan, "/like p1") for fan in fans] + [("fan0", "/like p1")] * 5)
    nothing_went_wrong(answers)
    assert sum(a.startswith("Liked p1 ·") for a in answers) == 6, answers
    assert sum(a.startswith("You already like p1 ·") for a in answers) == 5, answers
    async with world.db.uow() as uow:
        liked = await uow.albums.get_photo(1)
    assert liked is not None and liked.like_count == 6
    assert (await world.says("alice", "/likes p1")).startswith("👍 6 people liked p1:")
    answers = await at_once(await crowd(6), [(fan, "/unlike p1") for fan in fans] * 2)
    nothing_went_wrong(answers)
    assert sum(a.startswith("Unliked p1 ·") for a in answers) == 6, answers
    async with world.db.uow() as uow:
        unliked = await uow.albums.get_photo(1)
    assert unliked is not None and unliked.like_count == 0


async def test_parallel_likes_on_one_post_count_each_person_once(world: World, crowd: Crowd) -> None:
    post = int(re.findall(r"#(\d+)", await world.says("alice", "/post public like me"))[0])
    fans = [f"fan{n}" for n in range(6)]
    for fan in fans:
        await world.say(fan, "/start")
    # Six people at once, and the first of them five more times: the like and its tally are one statement
    # on PostgreSQL, so only a new like may count.
    answers = await at_once(await crowd(6), [(fan, f"/like {post}") for fan in fans] + [("fan0", f"/like {post}")] * 5)
    nothing_went_wrong(answers)
    assert sum(a.startswith(f"Liked #{post}") for a in answers) == 6, answers
    assert sum(a.startswith(f"You already like #{post}") for a in answers) == 5, answers
    async with world.db.uow() as uow:
        liked = await uow.posts.get(post)
    assert liked is not None and liked.like_count == 6


async def test_parallel_comments_count_every_comment_once_and_never_exceed_the_comment_limit(
    world: World, crowd: Crowd,
) -> None:
    world.services.limits = RateLimits(limits={"comments": Limit(3, timedelta(minutes=10))})
    post = int(re.findall(r"#(\d+)", await world.says("alice", "/post public talk to me"))[0])
    for who in ("racer", "fan0", "fan1"):
        await world.say(who, "/start")
    world.clock.advance(days=2)
    # The racer's account row is locked by each message's first statement (PostgreSQL), before the claim.
    answers = await at_once(await crowd(8), [("racer", f"/comment {post} race {n}") for n in range(8)]
                            + [("fan0", f"/comment {post} hi"), ("fan1", f"/comment {post} hey")])
    nothing_went_wrong(answers)
    assert sum(f"Comment added to #{post}" in a for a in answers) == 5, answers
    assert sum("Slow down" in a for a in answers) == 5, answers
    async with world.db.uow() as uow:
        talked = await uow.posts.get(post)
    assert talked is not None and talked.comment_count == 5


async def test_five_first_help_overviews_at_once_show_the_language_hint_once(world: World, crowd: Crowd) -> None:
    await world.say("alice", "/lang en")
    answers = await at_once(await crowd(5), [("alice", "/help")] * 5)
    nothing_went_wrong(answers)
    assert sum("🌐 Language: English" in a for a in answers) == 1
