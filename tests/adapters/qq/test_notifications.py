"""Notifications to QQ identities: private messages, paced, failed sends retried, the unreachable marked."""

from __future__ import annotations

from adapters.qq import QQAdapter
from adapters.qq.adapter import RETRY_SECONDS
from tests.adapters.qq.conftest import ALICE, BOB, Conversation, WebServer, until
from tests.adapters.qq.fake_onebot import NOT_FRIEND, FakeOneBot, text_of
from tests.builders import World


async def _bob_comments_on_alices_post(talk: Conversation) -> None:
    await talk.says(ALICE, "/post public hello")
    assert "Comment added to #1" in await talk.says(BOB, "/comment 1 nice")


async def _reachable(world: World, user: int) -> bool:
    async with world.db.uow() as uow:
        account = await uow.accounts.by_identity("qq", str(user))
        assert account is not None
        [identity] = await uow.accounts.identities(account.id)
    return identity.reachable


async def test_a_comment_is_notified_by_private_message_with_its_choices(
    talk: Conversation, fake: FakeOneBot,
) -> None:
    await _bob_comments_on_alices_post(talk)
    assert await talk.notify() == 1
    notice = text_of(fake.sent(user=ALICE)[-1])
    assert notice == "c1 💬 bob (@bob) commented on your post #1:\nnice\n[!1 👍 Like post] [!2 💬 Comment] [!3 🚩 Report]"
    assert (await talk.says(ALICE, "!1")).startswith("Liked #1 · 👍 1")


async def test_a_failed_send_is_retried_later(talk: Conversation, fake: FakeOneBot, world: World) -> None:
    await _bob_comments_on_alices_post(talk)
    fake.fail_next("send_private_msg", retcode=200, target=ALICE)
    assert await talk.notify() == 0
    assert fake.calls_to("send_private_msg")[-1].failed == 200
    assert await talk.notify() == 0  # not due yet
    world.clock.advance(minutes=1)
    assert await talk.notify() == 1
    assert text_of(fake.sent(user=ALICE)[-1]).startswith("c1 💬 bob (@bob) commented")
    assert await _reachable(world, ALICE) is True


async def test_someone_the_bot_cannot_message_is_marked_unreachable_and_not_retried(
    talk: Conversation, fake: FakeOneBot, world: World,
) -> None:
    await _bob_comments_on_alices_post(talk)
    fake.unreachable.add(ALICE)
    assert await talk.notify() == 0
    assert fake.calls_to("send_private_msg")[-1].failed == NOT_FRIEND
    assert await _reachable(world, ALICE) is False
    world.clock.advance(hours=2)
    before = len(fake.calls_to("send_private_msg"))
    assert await talk.notify() == 0
    assert len(fake.calls_to("send_private_msg")) == before
    fake.unreachable.clear()
    await talk.says(ALICE, "/feed")  # writing to the bot again makes one reachable again
    assert await _reachable(world, ALICE) is True


async def test_without_a_connection_a_notification_waits_for_one(
    talk: Conversation, fake: FakeOneBot, world: World, bot: QQAdapter, server: WebServer,
) -> None:
    await _bob_comments_on_alices_post(talk)
    await fake.disconnect()
    await until(lambda: bot.links.api is None)
    assert await talk.notify() == 0
    assert await _reachable(world, ALICE) is True
    await fake.connect(server.url)
    await until(lambda: bot.links.up.is_set())
    world.clock.advance(seconds=RETRY_SECONDS)
    assert await talk.notify() == 1


async def test_notifications_to_one_person_are_paced_and_in_order(
    talk: Conversation, fake: FakeOneBot, bot: QQAdapter,
) -> None:
    bot.pacer.per_chat = 0.2  # the real pace is 1 s a person; the order of events is what matters here
    await talk.says(ALICE, "/post public hello")
    for n in range(3):
        await talk.says(BOB, f"/comment 1 comment {n}")
    assert await talk.notify() == 3
    sent = [text_of(m).splitlines()[1] for m in fake.sent(user=ALICE) if text_of(m).startswith("c")]
    assert sent == ["comment 0", "comment 1", "comment 2"]
