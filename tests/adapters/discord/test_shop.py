"""From Discord: check in, buy a theme with the confirm button (a double click buys once), wear it."""

from __future__ import annotations

from tests.adapters.discord.conftest import ALICE, Talk, data
from tests.adapters.discord.fake_discord import option
from tests.builders import World


async def test_a_discord_user_checks_in_buys_a_theme_and_wears_it(talk: Talk, world: World) -> None:
    [checkin] = await talk.slash("checkin", ALICE)
    assert data(checkin)["content"].startswith("✅ Checked in for 1 Jan 2026: +10 coins.")
    await world.say("admin", "/grant alice 200 welcome")

    [confirm] = await talk.slash("buy", ALICE, option("item", "sakura"))
    assert data(confirm)["content"] == "Buy Sakura for 120 coins? You have 210."
    buy = data(confirm)["components"][0]["components"][0]["custom_id"]
    assert buy.startswith("oz:buy:sakura:")
    for _ in range(2):  # a double click buys once
        answers = await talk.press(buy, ALICE, None)  # type: ignore[arg-type]
        assert "Sakura is yours. Balance: 90 coins." in str([data(a) for a in answers])

    [worn] = await talk.slash("theme", ALICE, option("item", "sakura"))
    assert data(worn)["content"].startswith("✨ Your zone now wears Sakura")
    async with world.db.uow() as uow:
        alice = await uow.accounts.by_handle("alice")
        assert alice is not None
        state = await uow.wallet.state(alice.id)
    assert (state.balance, state.theme_id) == (90, "sakura")
