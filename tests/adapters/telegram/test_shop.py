"""From Telegram: check in, see theme cards with pictures, buy with a confirm button, wear the theme."""

from __future__ import annotations

from tests.adapters.telegram.conftest import ALICE, Conversation
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.builders import World


async def test_a_telegram_user_checks_in_buys_a_theme_and_wears_it(
    talk: Conversation, fake: FakeBotApi, world: World,
) -> None:
    assert (await talk.says(ALICE, "/checkin")).startswith("✅ Checked in for 1 Jan 2026: +10 coins.")
    await world.say("admin", "/grant alice 200 welcome")

    since = len(fake.calls)
    fake.push_update(talk.message(ALICE, "/shop sakura"))
    photo = await fake.wait_for_call("sendPhoto", since=since)
    # The card's text and Buy button come first; the Pillow preview of the palette follows.
    assert photo.files["photo"][:8] == b"\x89PNG\r\n\x1a\n"
    assert photo.filenames["photo"] == "sakura.png"

    confirm = await talk.send(talk.message(ALICE, "/buy sakura"))
    assert confirm.params["text"] == "Buy Sakura for 120 coins? You have 210."
    [[ok, _cancel]] = confirm.params["reply_markup"]["inline_keyboard"]
    card = fake.sent_messages(ALICE)[-1]
    for _ in range(2):  # a double tap buys once
        since = len(fake.calls)
        fake.push_update(fake.callback_query(ALICE, ok["callback_data"], card))
        await fake.wait_for_call("answerCallbackQuery", since=since)
    # The question became its answer, in place, with no buttons left to press.
    answered = fake.get_message(ALICE, card["message_id"])
    assert answered["text"].startswith("🎉 Sakura is yours. Balance: 90 coins.")
    assert "reply_markup" not in answered

    assert (await talk.says(ALICE, "/theme sakura")).startswith("✨ Your zone now wears Sakura")
    async with world.db.uow() as uow:
        alice = await uow.accounts.by_handle("alice")
        assert alice is not None
        state = await uow.wallet.state(alice.id)
    assert (state.balance, state.theme_id) == (90, "sakura")
