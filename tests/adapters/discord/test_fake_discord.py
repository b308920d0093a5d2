"""The fake Discord works with the *real* discord.py client (no mocks).

Run with ``-o asyncio_mode=auto -W error``.
"""

from __future__ import annotations

import asyncio
import io
import re
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from tests.adapters.discord.fake_discord import FakeDiscord, option, patch_discord_base

with warnings.catch_warnings():
    # discord.py's voice support imports the deprecated stdlib audioop.
    warnings.filterwarnings("ignore", message="'audioop' is deprecated", category=DeprecationWarning)
    import discord
    from discord import app_commands

GUILD_ID = 900000000000000001
CHANNEL_ID = 900000000000000002
USER_ID = 900000000000000003
TIMEOUT = 5.0


@dataclass
class Bot:
    client: discord.Client
    tree: app_commands.CommandTree[discord.Client]
    task: asyncio.Task[None]


async def _start_bot(fake: FakeDiscord, intents: discord.Intents | None = None) -> Bot:
    client = discord.Client(intents=intents or discord.Intents.default(), guild_ready_timeout=0.1)
    tree = app_commands.CommandTree(client)
    await client.login(fake.token)
    task = asyncio.create_task(client.connect())
    await asyncio.wait_for(client.wait_until_ready(), TIMEOUT)
    return Bot(client, tree, task)


async def _stop_bot(bot: Bot) -> None:
    await bot.client.close()
    await asyncio.wait_for(bot.task, TIMEOUT)


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    fake = FakeDiscord()
    fake.make_user(USER_ID, "alice")
    fake.add_guild(GUILD_ID, "Test Guild", channels=[{"id": CHANNEL_ID, "name": "general"}], member_ids=[USER_ID])
    await fake.start()
    with patch_discord_base(fake):
        yield fake
    await fake.stop()


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[Bot]:
    bot = await _start_bot(fake)
    yield bot
    await _stop_bot(bot)


async def test_ready_user_and_guild_cached(fake: FakeDiscord, bot: Bot) -> None:
    client = bot.client
    assert client.user is not None
    assert client.user.id == fake.bot_user_id
    assert client.user.name == "FakeBot"
    assert client.application_id == fake.application_id
    guild = client.get_guild(GUILD_ID)
    assert guild is not None and guild.name == "Test Guild"
    assert guild.me is not None and guild.me.id == fake.bot_user_id
    channel = guild.get_channel(CHANNEL_ID)
    assert isinstance(channel, discord.TextChannel) and channel.name == "general"
    # discord.py asked for zlib-stream and got compressed binary frames.
    assert fake.gateway_queries[-1] == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
    assert fake.intents == discord.Intents.default().value
    assert any(m.get("op") == 1 for m in fake.gateway_received)  # heartbeat answered


async def test_uncompressed_gateway_also_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    async with FakeDiscord(gateway_compression=False) as fake:
        fake.add_guild(GUILD_ID, "Plain")
        with patch_discord_base(fake):
            bot = await _start_bot(fake)
            try:
                assert bot.client.get_guild(GUILD_ID) is not None
            finally:
                await _stop_bot(bot)


async def test_rest_responses_are_discord_shaped(fake: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{fake.api_base}/users/@me", headers={"Authorization": f"Bot {fake.token}"}) as r:
            assert r.status == 200
            assert r.headers["Content-Type"] == "application/json"
            for header in ("Limit", "Remaining", "Reset", "Reset-After", "Bucket"):
                assert f"X-RateLimit-{header}" in r.headers
            assert (await r.json())["id"] == str(fake.bot_user_id)
        async with session.get(f"{fake.api_base}/gateway/bot", headers={"Authorization": "Bot nope"}) as r:
            assert r.status == 401
            assert await r.json() == {"message": "401: Unauthorized", "code": 0}
        async with session.get(f"{fake.api_base}/gateway/bot", headers={"Authorization": f"Bot {fake.token}"}) as r:
            body = await r.json()
            assert body["url"] == fake.gateway_url and body["shards"] == 1


async def test_tree_sync_puts_commands(fake: FakeDiscord, bot: Bot) -> None:
    @bot.tree.command(name="ping", description="Ping the bot")
    async def ping(interaction: discord.Interaction, text: str) -> None:  # pragma: no cover - not invoked
        pass

    guild_obj = discord.Object(GUILD_ID)

    @bot.tree.command(name="local", description="Guild only", guild=guild_obj)
    async def local(interaction: discord.Interaction) -> None:  # pragma: no cover - not invoked
        pass

    synced = await bot.tree.sync()
    call = await fake.wait_for_call("PUT", rf"/applications/{fake.application_id}/commands")
    assert [c["name"] for c in call.json] == ["ping"]
    assert call.json[0]["options"][0]["name"] == "text"
    assert synced[0].name == "ping" and synced[0].id == int(fake.global_commands[0]["id"])

    await bot.tree.sync(guild=guild_obj)
    call = await fake.wait_for_call("PUT", rf"/applications/{fake.application_id}/guilds/{GUILD_ID}/commands")
    assert [c["name"] for c in call.json] == ["local"]
    fetched = await bot.tree.fetch_commands()
    assert [c.name for c in fetched] == ["ping"]


async def test_slash_command_send_message(fake: FakeDiscord, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    done: asyncio.Future[discord.InteractionCallbackResponse[discord.Client]] = loop.create_future()

    @bot.tree.command(name="greet", description="Greets")
    @app_commands.describe(who="Who to greet")
    async def greet(interaction: discord.Interaction, who: str) -> None:
        assert who == "bob"
        assert interaction.guild_id == GUILD_ID
        assert interaction.user.id == USER_ID
        done.set_result(await interaction.response.send_message("hi", ephemeral=True))

    payload = fake.slash_command("greet", user_id=USER_ID, guild_id=GUILD_ID, options=[option("who", "bob")])
    await fake.dispatch("INTERACTION_CREATE", payload)
    response = await asyncio.wait_for(done, TIMEOUT)

    call = await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/[^/]+/callback")
    assert call.json["type"] == 4
    assert call.json["data"]["content"] == "hi"
    assert call.json["data"]["flags"] == 64
    assert call.query["with_response"] == "1"
    assert response.is_ephemeral()
    assert response.message_id is not None
    assert fake.interaction_responses(payload["id"]) == [call]


async def test_subcommand_and_dm_interaction(fake: FakeDiscord, bot: Bot) -> None:
    got: asyncio.Future[tuple[str, bool]] = asyncio.get_running_loop().create_future()
    group = app_commands.Group(name="zone", description="Zones")

    @group.command(name="join", description="Join a zone")
    async def join(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"joined {name}")
        got.set_result((name, interaction.guild is None))

    bot.tree.add_command(group)
    payload = fake.slash_command(
        "zone", user_id=USER_ID, options=[option("join", type=1, options=[option("name", "cats")])]
    )
    await fake.dispatch("INTERACTION_CREATE", payload)
    assert await asyncio.wait_for(got, TIMEOUT) == ("cats", True)
    call = await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/.+/callback")
    assert call.json["data"]["content"] == "joined cats"


async def test_defer_then_followup(fake: FakeDiscord, bot: Bot) -> None:
    done: asyncio.Future[discord.WebhookMessage] = asyncio.get_running_loop().create_future()

    @bot.tree.command(name="slow", description="Slow")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        message = await interaction.followup.send("done", wait=True)
        await interaction.edit_original_response(content="finished")
        original = await interaction.original_response()
        assert original.content == "finished"
        done.set_result(message)

    payload = fake.slash_command("slow", user_id=USER_ID, channel_id=CHANNEL_ID)
    await fake.dispatch("INTERACTION_CREATE", payload)
    message = await asyncio.wait_for(done, TIMEOUT)

    token = payload["token"]
    defer = await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/.+/callback")
    assert defer.json == {"type": 5}
    followup = await fake.wait_for_call("POST", rf"/webhooks/{fake.application_id}/{re.escape(token)}")
    assert followup.json["content"] == "done"
    assert followup.query["wait"] == "1"
    assert message.content == "done" and message.channel.id == CHANNEL_ID
    edit = await fake.wait_for_call("PATCH", rf"/webhooks/\d+/{re.escape(token)}/messages/@original")
    assert edit.json["content"] == "finished"
    kinds = [(c.method, c.path.rsplit("/", 1)[-1]) for c in fake.interaction_responses(payload["id"])]
    assert kinds == [("POST", "callback"), ("POST", token), ("PATCH", "@original"), ("GET", "@original")]


async def test_autocomplete(fake: FakeDiscord, bot: Bot) -> None:
    @bot.tree.command(name="pick", description="Pick a zone")
    async def pick(interaction: discord.Interaction, zone: str) -> None:  # pragma: no cover - not invoked
        pass

    @pick.autocomplete("zone")
    async def zone_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f"{current}-1", value=f"{current}-1")]

    payload = fake.autocomplete("pick", user_id=USER_ID, options=[option("zone", "ca", focused=True)])
    await fake.dispatch("INTERACTION_CREATE", payload)
    call = await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/.+/callback")
    assert call.json == {"type": 8, "data": {"choices": [{"name": "ca-1", "value": "ca-1"}]}}


async def test_button_reaches_dynamic_item_and_on_interaction(fake: FakeDiscord, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    clicked: asyncio.Future[int] = loop.create_future()
    seen: asyncio.Future[str] = loop.create_future()

    class Counter(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"counter:(?P<n>\d+)"):
        def __init__(self, n: int) -> None:
            super().__init__(discord.ui.Button(label=str(n), custom_id=f"counter:{n}"))
            self.n = n

        @classmethod
        async def from_custom_id(
            cls, interaction: discord.Interaction, item: discord.ui.Item[discord.ui.View], match: re.Match[str]
        ) -> Counter:
            return cls(int(match["n"]))

        async def callback(self, interaction: discord.Interaction) -> None:
            await interaction.response.edit_message(content=f"count {self.n + 1}")
            clicked.set_result(self.n)

    bot.client.add_dynamic_items(Counter)

    @bot.client.event
    async def on_interaction(interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.component and not seen.done():
            seen.set_result(interaction.data["custom_id"])  # type: ignore[index]

    payload = fake.button_click("counter:5", user_id=USER_ID, guild_id=GUILD_ID)
    await fake.dispatch("INTERACTION_CREATE", payload)
    assert await asyncio.wait_for(clicked, TIMEOUT) == 5
    assert await asyncio.wait_for(seen, TIMEOUT) == "counter:5"
    call = await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/.+/callback")
    assert call.json["type"] == 7 and call.json["data"]["content"] == "count 6"
    assert fake.messages[int(payload["message"]["id"])]["content"] == "count 6"


async def test_dm_message_reaches_on_message_with_content(fake: FakeDiscord, bot: Bot) -> None:
    received: asyncio.Queue[discord.Message] = asyncio.Queue()

    @bot.client.event
    async def on_message(message: discord.Message) -> None:
        await received.put(message)

    await fake.dispatch("MESSAGE_CREATE", fake.message_create(None, USER_ID, "hello bot"))
    message = await asyncio.wait_for(received.get(), TIMEOUT)
    assert isinstance(message.channel, discord.DMChannel)
    assert message.author.id == USER_ID
    # DMs carry content even without the privileged message_content intent.
    assert message.content == "hello bot"

    # Guild messages don't (default intents), unless the bot is mentioned.
    await fake.dispatch("MESSAGE_CREATE", fake.message_create(CHANNEL_ID, USER_ID, "secret"))
    message = await asyncio.wait_for(received.get(), TIMEOUT)
    assert message.guild is not None and message.guild.id == GUILD_ID
    assert message.content == ""
    mention = f"<@{fake.bot_user_id}> hi"
    payload = fake.message_create(CHANNEL_ID, USER_ID, mention, mentions=[fake.bot_user_id])
    await fake.dispatch("MESSAGE_CREATE", payload)
    message = await asyncio.wait_for(received.get(), TIMEOUT)
    assert message.content == mention


async def test_user_send_creates_dm_and_forbidden_is_raised(fake: FakeDiscord, bot: Bot) -> None:
    user = await bot.client.fetch_user(USER_ID)
    sent = await user.send("x")
    create = await fake.wait_for_call("POST", r"/users/@me/channels")
    assert create.json == {"recipient_id": USER_ID}
    dm_id = int(fake.dm_channel(USER_ID)["id"])
    post = await fake.wait_for_call("POST", rf"/channels/{dm_id}/messages")
    assert post.json["content"] == "x"
    assert sent.content == "x" and sent.channel.id == dm_id

    fake.fail_next(r"POST /channels/\d+/messages", 403, {"message": "Cannot send messages to this user", "code": 50007})
    with pytest.raises(discord.Forbidden) as excinfo:
        await user.send("y")
    assert excinfo.value.code == 50007

    # A 429 is honoured and retried by discord.py.
    start = len(fake.calls)
    fake.fail_next(r"POST /channels/\d+/messages", 429)
    await user.send("z")
    posts = fake.find_calls("POST", rf"/channels/{dm_id}/messages")[-2:]
    assert [c.status for c in posts] == [429, 200]
    assert fake.calls[start].status == 429


async def test_typing_edit_and_file_upload(fake: FakeDiscord, bot: Bot) -> None:
    channel = bot.client.get_channel(CHANNEL_ID)
    assert isinstance(channel, discord.TextChannel)
    async with channel.typing():
        pass
    typing = await fake.wait_for_call("POST", rf"/channels/{CHANNEL_ID}/typing")
    assert typing.status == 204

    message = await channel.send("with file", file=discord.File(io.BytesIO(b"abc\x00def"), filename="a.bin"))
    upload = await fake.wait_for_call("POST", rf"/channels/{CHANNEL_ID}/messages")
    assert upload.json["content"] == "with file"
    assert upload.files == {"files[0]": b"abc\x00def"}
    assert await message.attachments[0].read() == b"abc\x00def"

    edited = await message.edit(content="edited")
    assert edited.content == "edited"
    await fake.wait_for_call("PATCH", rf"/channels/{CHANNEL_ID}/messages/{message.id}")

    with pytest.raises(discord.HTTPException) as excinfo:
        await channel.send("x" * 2001)
    assert excinfo.value.code == 50035


async def test_wrong_token_raises_login_failure(fake: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.default())
    try:
        with pytest.raises(discord.LoginFailure):
            await client.login("WRONG.TOKEN")
    finally:
        await client.close()
    assert fake.calls[-1].status == 401


async def test_attachment_read_returns_exact_bytes(fake: FakeDiscord, bot: Bot) -> None:
    data = bytes(range(256)) * 4
    received: asyncio.Future[discord.Message] = asyncio.get_running_loop().create_future()

    @bot.client.event
    async def on_message(message: discord.Message) -> None:
        received.set_result(message)

    attachment = fake.add_attachment(data, "blob.png", "image/png")
    await fake.dispatch("MESSAGE_CREATE", fake.message_create(None, USER_ID, "pic", attachments=[attachment]))
    message = await asyncio.wait_for(received, TIMEOUT)
    assert message.attachments[0].filename == "blob.png"
    assert message.attachments[0].content_type == "image/png"
    assert await message.attachments[0].read() == data


async def test_reconnect_resumes_session(fake: FakeDiscord, bot: Bot) -> None:
    resumed = asyncio.Event()

    @bot.client.event
    async def on_resumed() -> None:
        resumed.set()

    await fake.request_reconnect()
    await asyncio.wait_for(resumed.wait(), TIMEOUT)
    assert fake.resume_payloads and fake.resume_payloads[-1]["token"] == fake.token

    received: asyncio.Future[discord.Message] = asyncio.get_running_loop().create_future()

    @bot.client.event
    async def on_message(message: discord.Message) -> None:
        received.set_result(message)

    await fake.dispatch("MESSAGE_CREATE", fake.message_create(None, USER_ID, "after resume"))
    assert (await asyncio.wait_for(received, TIMEOUT)).content == "after resume"


async def test_wait_for_call_timeout_lists_recent_calls(fake: FakeDiscord, bot: Bot) -> None:
    with pytest.raises(AssertionError, match=r"no DELETE /nowhere call within 0.05s; recent calls:\n  GET /users/@me"):
        await fake.wait_for_call("DELETE", "/nowhere", timeout=0.05)
