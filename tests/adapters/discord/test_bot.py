"""The Discord bot beyond single slash commands: other messengers, errors, DMs, files, start-up."""

from __future__ import annotations

import asyncio
import hashlib

import pytest

from adapters.discord import HASH_KEY, DiscordAdapter, StartError
from chat.messages import Reply, reply
from handlers import CommandGroup, Context, Param, build_registry
from storage import Database
from tests.adapters.discord.conftest import ALICE, BOB, EPHEMERAL, Talk, data, make_adapter, post_text
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.builders import World

extra = CommandGroup()


@extra.command("boom", "A command whose handler fails")
async def boom(ctx: Context) -> Reply:
    raise RuntimeError("kaboom")


@extra.command("pic", "Tell the size and hash of the attached files")
async def pic(ctx: Context) -> Reply:
    sizes = [await a.fetch() for a in ctx.incoming.attachments]
    return reply(" ".join(f"{a.kind}:{a.filename}:{len(b)}:{hashlib.sha1(b).hexdigest()[:8]}"
                          for a, b in zip(ctx.incoming.attachments, sizes)) or "no files")


@extra.command("slow", "A command that takes its time", Param("mode", "choice", "public or personal", required=False,
                                                           choices=("public", "personal")))
async def slow(ctx: Context) -> Reply:
    await asyncio.sleep(0.3)
    return reply("slow but done", personal=ctx.args.get("mode") == "personal")


async def extra_world(db: Database) -> World:
    """The production platform with this file's extra commands in the registry."""
    return await World.start(db, registry=build_registry(extra=[extra]))


async def test_telegram_and_discord_friends_see_each_others_friends_only_posts(talk: Talk, world: World) -> None:
    await world.say("tina", "/start", platform="telegram")
    await talk.slash("friend", ALICE, option("handle", "tina"))
    assert "now friends" in await world.says("tina", "/accept alice", platform="telegram")
    await world.say("tina", "/post friends from telegram, friends only", platform="telegram")
    await talk.slash("post", ALICE, *post_text("friends", "from discord, friends only"), until="embeds")

    feed = await talk.slash("feed", ALICE, until="from telegram")
    assert any("from telegram, friends only" in str(c.json) for c in feed)
    assert "from discord, friends only" in await world.says("tina", "/feed", platform="telegram")
    stranger = await talk.slash("posts", BOB, option("handle", "tina"))
    assert not any("from telegram" in str(c.json) for c in stranger)


async def test_a_failing_handler_answers_privately_and_the_bot_keeps_working(
    fake: FakeDiscord, sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    world = await extra_world(sqlite_db)
    adapter = make_adapter(world.router, fake)
    await adapter.start()
    try:
        talk = Talk(fake, world, adapter)
        [answer] = await talk.slash("boom", ALICE)
        assert data(answer)["flags"] == EPHEMERAL
        assert data(answer)["content"].startswith("⚠️ Something went wrong on our side (ref ")
        assert "kaboom" in caplog.text
        [after] = (await talk.slash("post", ALICE, *post_text("public", "still here"), until="embeds"))[:1]
        assert data(after)["content"] == "Posted #1 to public."
    finally:
        await adapter.stop()


async def test_a_command_typed_in_a_dm_goes_through_the_same_parser(talk: Talk) -> None:
    sent = await talk.dm(ALICE, "/post public typed by hand", until="embeds")
    assert sent[0].json["content"] == "Posted #1 to public."
    assert sent[-1].json["embeds"][0]["description"] == "typed by hand"


async def test_replying_to_a_post_card_in_a_dm_comments_on_it(talk: Talk, fake: FakeDiscord) -> None:
    card = (await talk.dm(ALICE, "/post public reply to me", until="embeds"))[-1]
    ref = {"message_id": card.response["id"], "channel_id": card.response["channel_id"]}
    sent = await talk.dm(ALICE, "a comment by reply", until="Comment added", message_reference=ref)
    assert sent[-1].json["content"] == "c1 Comment added to #1."


async def test_attachment_bytes_reach_the_handler(fake: FakeDiscord, sqlite_db: Database) -> None:
    world = await extra_world(sqlite_db)
    adapter = make_adapter(world.router, fake)
    await adapter.start()
    try:
        talk = Talk(fake, world, adapter)
        png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
        attachment = fake.add_attachment(png, "cat.png", "image/png")
        sent = await talk.dm(ALICE, "/pic", until="photo", attachments=[attachment])
        assert sent[-1].json["content"] == f"photo:cat.png:{len(png)}:{hashlib.sha1(png).hexdigest()[:8]}"
    finally:
        await adapter.stop()


async def test_refused_dms_mark_the_identity_unreachable(talk: Talk, fake: FakeDiscord, world: World) -> None:
    await talk.slash("post", ALICE, *post_text("public", "hi"), until="embeds")
    await talk.slash("comment", BOB, option("id", "1"), option("text", "hello?"))
    fake.dms_disabled.add(ALICE)
    assert await talk.notify() == 0
    async with world.db.uow() as uow:
        account = await uow.accounts.by_identity("discord", str(ALICE))
        assert account is not None
        [identity] = await uow.accounts.identities(account.id)
    assert identity.reachable is False


async def test_commands_are_synced_once_and_not_again_when_unchanged(fake: FakeDiscord, world: World) -> None:
    for _ in range(2):
        adapter = make_adapter(world.router, fake)
        await adapter.start()
        await adapter.stop()
    puts = fake.find_calls("PUT", rf"/applications/{fake.application_id}/commands")
    assert len(puts) == 1
    by_name = {c["name"]: c for c in puts[0].json}
    assert {"post", "feed", "friend", "circle", "like"} <= set(by_name)
    assert by_name["circle"]["description"] == "Circles: named groups of friends"
    assert [(o["name"], o["type"]) for o in by_name["circle"]["options"]][:2] == [("new", 1), ("add", 1)]
    post_options = {o["name"]: o for o in by_name["post"]["options"]}
    assert post_options["text"]["required"] is True and post_options["audience"].get("required", False) is False
    assert post_options["audience"]["autocomplete"] is True
    async with world.db.uow() as uow:
        assert (await uow.state.get(HASH_KEY, world.clock.now())) is not None


async def test_a_changed_command_set_is_synced_again_and_a_dev_guild_too(fake: FakeDiscord, sqlite_db: Database) -> None:
    world = await World.start(sqlite_db)
    first = make_adapter(world.router, fake)
    await first.start()
    await first.stop()
    router = (await extra_world(sqlite_db)).router
    second = make_adapter(router, fake, dev_guild_id=str(720000000000000001))  # type: ignore[arg-type]
    await second.start()
    await second.stop()
    assert len(fake.find_calls("PUT", rf"/applications/{fake.application_id}/commands")) == 2
    assert "boom" in {c["name"] for c in fake.guild_commands[720000000000000001]}


async def test_a_bad_token_stops_start_up_with_a_clear_message(fake: FakeDiscord, world: World) -> None:
    adapter = DiscordAdapter(world.router, "WRONG.TOKEN", api_base_url=fake.api_base, gateway_url=fake.gateway_url)
    with pytest.raises(StartError, match=r"Discord rejected the bot token: check \[discord\] token"):
        await adapter.start()


async def test_a_slow_command_is_deferred_then_its_answer_replaces_the_thinking_note(
    fake: FakeDiscord, sqlite_db: Database
) -> None:
    world = await extra_world(sqlite_db)
    adapter = make_adapter(world.router, fake, defer_after=0.01)
    await adapter.start()
    try:
        talk = Talk(fake, world, adapter)

        def answers() -> list[dict[str, object]]:
            return [m for m in fake.messages.values() if "slow but done" in str(m.get("content"))]

        # Discord gives the answer that replaces the "thinking…" note the ephemerality chosen
        # when deferring, so in a guild the defer itself is private: a personal answer (a signed
        # zone link, a wallet) never shows to the channel, however slow it was.
        personal = await talk.slash("slow", ALICE, option("mode", "personal"), until="slow but done")
        personal = fake.interaction_responses(personal[0].path.split("/")[2])
        assert personal[0].json == {"type": 5, "data": {"flags": EPHEMERAL}}
        assert [m["flags"] & EPHEMERAL for m in answers()] == [EPHEMERAL]

        # A public answer after a private defer is posted as its own message; the note goes.
        public = await talk.slash("slow", ALICE, until="slow but done")
        await fake.wait_for_call("DELETE", r"/webhooks/\d+/.+/messages/@original")
        public = fake.interaction_responses(public[0].path.split("/")[2])
        assert public[0].json == {"type": 5, "data": {"flags": EPHEMERAL}}
        assert sorted(m["flags"] & EPHEMERAL for m in answers()) == [0, EPHEMERAL]
        assert not [m for m in fake.messages.values() if m.get("flags", 0) & (1 << 7)]  # no "thinking…" left
    finally:
        await adapter.stop()
