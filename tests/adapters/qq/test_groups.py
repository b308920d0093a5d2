"""Groups: only what is addressed to the bot is answered; personal answers go privately; replies comment."""

from __future__ import annotations

from tests.adapters.qq.conftest import ALICE, BOB, CAROL, GROUP, Conversation
from tests.adapters.qq.fake_onebot import FakeOneBot, text_of
from tests.builders import World


async def test_group_chatter_is_ignored_and_nobody_gets_an_account_from_it(
    talk: Conversation, fake: FakeOneBot, world: World,
) -> None:
    await talk.handled(fake.group(GROUP, CAROL, "lunch anyone?", "carol"))
    await talk.handled(fake.group(GROUP, CAROL, "!1", "carol"))  # no choices were shown in this group
    assert fake.sent(group=GROUP) == []
    async with world.db.uow() as uow:
        assert await uow.accounts.by_identity("qq", str(CAROL)) is None


async def test_a_slash_command_in_a_group_is_answered_quoting_the_asker(talk: Conversation, fake: FakeOneBot) -> None:
    await talk.says(ALICE, "/post public hello group")
    event = fake.group(GROUP, BOB, "/show 1", "bob")
    answer = await talk.send(event)
    assert "hello group" in answer
    first = fake.sent(group=GROUP)[0]
    assert first["message"][0] == {"type": "reply", "data": {"id": str(event["message_id"])}}


async def test_an_at_mention_is_read_as_a_command(talk: Conversation, fake: FakeOneBot) -> None:
    await talk.says(ALICE, "/post public mention me")
    answer = await talk.in_group(BOB, [fake.at(), fake.text(" show 1")])
    assert "mention me" in answer
    answer = await talk.in_group(BOB, [fake.at(), fake.text(" /show 1")])
    assert "mention me" in answer


async def test_an_at_mention_of_someone_else_is_not_for_the_bot(talk: Conversation, fake: FakeOneBot) -> None:
    await talk.handled(fake.group(GROUP, BOB, [fake.at(CAROL), fake.text(" feed me")], "bob"))
    assert fake.sent(group=GROUP) == []


async def test_personal_answers_asked_for_in_a_group_go_by_private_message(
    talk: Conversation, fake: FakeOneBot,
) -> None:
    await talk.says(ALICE, "/start")
    in_group = await talk.in_group(ALICE, "/zone")
    assert in_group == "[quote] 📬 alice, I sent you the answer privately."
    private = text_of(fake.sent(user=ALICE)[-1])
    assert "http://zone.test/z/alice?t=" in private  # the personal link, never shown to the group
    assert "?t=" not in "".join(text_of(m) for m in fake.sent(group=GROUP))


async def test_when_the_private_message_cannot_be_sent_the_group_hears_how_to_fix_it(
    talk: Conversation, fake: FakeOneBot,
) -> None:
    fake.unreachable.add(BOB)
    answer = await talk.in_group(BOB, "/zone")
    assert answer == "[quote] 🔒 bob, that answer is private — add me as a QQ friend, then try again."


async def test_replying_to_a_post_card_in_a_group_comments_on_the_post(
    talk: Conversation, fake: FakeOneBot,
) -> None:
    await talk.says(ALICE, "/post public what do you think?")
    await talk.in_group(BOB, "/show 1")
    card = next(m for m in fake.sent(group=GROUP) if "what do you think?" in text_of(m))
    answer = await talk.in_group(BOB, [fake.reply(card["message_id"]), fake.text("looks great")])
    assert "Comment added to #1" in answer
    assert "looks great" in await talk.says(ALICE, "/show 1")


async def test_replying_to_someone_elses_message_is_not_for_the_bot(talk: Conversation, fake: FakeOneBot) -> None:
    said = fake.group(GROUP, CAROL, "#1 my own numbering", "carol")
    await talk.handled(said)
    await talk.handled(fake.group(GROUP, BOB, [fake.reply(said["message_id"]), fake.text("agreed")], "bob"))
    assert fake.sent(group=GROUP) == []


async def test_a_choice_shown_in_a_group_is_pressed_by_whoever_answers_it(
    talk: Conversation, fake: FakeOneBot,
) -> None:
    await talk.says(ALICE, "/post public vote")
    shown = await talk.in_group(BOB, "/show 1")
    assert "[!1 👍 Like]" in shown
    # The acknowledgement is Carol's alone (Telegram shows it on the button): it comes privately.
    assert "Liked #1" in await talk.in_group(CAROL, "!1", to_user=CAROL)
    assert "👍 1" in await talk.says(ALICE, "/show 1")
    assert "Liked" not in "".join(text_of(m) for m in fake.sent(group=GROUP))
