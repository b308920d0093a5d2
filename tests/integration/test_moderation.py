"""Moderation from chat: the admin's whole flow, the authorization matrix, bad input, bans across messengers."""

from __future__ import annotations

import re

import pytest

from tests.builders import World

DENIED = "That command is for"


def _code(answer: str) -> str:
    return re.search(r"/link ([A-Z0-9-]+)", answer).group(1)  # type: ignore[union-attr]


def _report_id(answer: str) -> int:
    return int(re.search(r"\(r(\d+)\)", answer).group(1))  # type: ignore[union-attr]


async def _promote(world: World, who: str) -> None:
    await world.say(who, "/start")
    assert f"@{who} is now a moderator" in await world.says("admin", f"/mod promote {who}")


async def test_an_admin_runs_report_hide_ban_unban_from_chat(world: World) -> None:
    await world.say("admin", "/start")
    await world.befriend("bob", "carol")
    pid = await world.post_id("bob", "/post public buy cheap pills")
    await world.deliver()

    filed = await world.says("carol", f"/report #{pid} spam pills")
    assert "was reported" in filed
    # The report arrives in the admin's DMs with buttons to act on it.
    got = (await world.deliver()).get(("console", "admin"), [])
    assert len(got) == 1
    assert f"on post #{pid} by @bob: spam pills" in got[0].plain_text
    assert "buy cheap pills" in got[0].plain_text
    actions = [b.action for row in got[0].buttons for b in row]
    rid = _report_id(filed)
    assert actions == [f"rpt:hide:{rid}", f"rpt:dismiss:{rid}"]

    # The card becomes its outcome; pressed again, it answers with the state as it is.
    [handled] = await world.say("admin", "", action=f"rpt:hide:{rid}")
    assert handled.plain_text.startswith(f"🚩 Report r{rid} · @carol on post #{pid} by @bob: spam pills")
    assert handled.plain_text.endswith(f"🙈 Post no. {pid} hidden · by @admin.")
    assert (handled.buttons, handled.in_place) == ((), True)
    assert (await world.press("admin", f"rpt:hide:{rid}")).endswith(f"☑️ Already handled · Post no. {pid} is hidden.")
    assert "hid your post" in await world.notices("bob")
    assert await world.says("carol", f"/show {pid}") == f"⚠️ There is no post #{pid} that you can see."
    assert "buy cheap pills" in await world.says("bob", f"/show {pid}")  # the author still sees it
    assert "The queue is empty" in await world.says("admin", "/mod queue")

    assert "@bob is banned until further notice" in await world.says("admin", "/mod ban bob spamming")
    assert await world.notices("bob") == "⛔ You are banned from OpenZone until further notice (spamming)."
    assert await world.says("bob", "/feed") == "⛔ You are banned from OpenZone until further notice. Reason: spamming."
    assert "@bob is no longer banned" in await world.says("admin", "/mod unban bob")
    assert "Posted #" in await world.says("bob", "/post public I'll behave")

    log = await world.says("admin", "/mod log bob")
    assert [a for a in ("unban", "ban", "hide") if f"@admin · {a} · @bob" in log] == ["unban", "ban", "hide"]


async def _matrix_world(world: World) -> dict[str, str]:
    """A stage for every /mod command: posts, a report, a mute, a ban, a moderator to demote."""
    await world.say("admin", "/start")
    for who in ("bob", "carol", "dan", "eve", "max", "mallory"):
        await world.say(who, "/start")
    await _promote(world, "mia")
    await _promote(world, "max")
    pid = await world.post_id("bob", "/post public a post")
    hidden = await world.post_id("bob", "/post public another")
    await world.say("admin", f"/mod hide {hidden}")
    rid = _report_id(await world.says("carol", "/report bob rude"))
    await world.say("admin", "/mod mute dan 1h")
    await world.say("admin", "/mod ban eve 1d")
    return {
        "queue": "/mod queue", "log": "/mod log", "dismiss": f"/mod dismiss r{rid}",
        "hide": f"/mod hide {pid} spam", "restore": f"/mod restore {hidden}", "delete": f"/mod delete {pid}",
        "mute": "/mod mute bob 1h", "unmute": "/mod unmute dan", "ban": "/mod ban bob 1d",
        "unban": "/mod unban eve", "promote": "/mod promote carol", "demote": "/mod demote max",
        "filter": "/mod filter add casino",
    }


SUCCESS = {
    "queue": "Report r", "log": "Audit log", "dismiss": "dismissed", "hide": "is hidden", "restore": "visible again",
    "delete": "is deleted", "mute": "is muted until", "unmute": "may post again", "ban": "is banned until",
    "unban": "no longer banned", "promote": "is now a moderator", "demote": "no longer a moderator",
    "filter": "added: block",
}
ADMIN_ONLY = {"promote", "demote"}


@pytest.mark.parametrize("command", list(SUCCESS))
@pytest.mark.parametrize("role", ["user", "moderator", "admin"])
async def test_authorization_matrix_for_every_moderation_command(world: World, role: str, command: str) -> None:
    texts = await _matrix_world(world)
    actor = {"user": "mallory", "moderator": "mia", "admin": "admin"}[role]
    allowed = role == "admin" or (role == "moderator" and command not in ADMIN_ONLY)
    answer = await world.says(actor, texts[command])
    if allowed:
        assert SUCCESS[command] in answer
    else:
        assert DENIED in answer and "The attempt was logged." in answer
        # The refused attempt is in the audit log, with what was tried.
        assert f"@{actor} · denied — {texts[command]}" in await world.says("admin", f"/mod log {actor}")


@pytest.mark.parametrize("actor", ["alice", "mia"])
@pytest.mark.parametrize("command", ["/grant alice 100 because", "/refund e1"])
async def test_a_refused_admin_command_outside_mod_is_logged_like_a_refused_mod_command(
    world: World, actor: str, command: str,
) -> None:
    await world.say("admin", "/start")
    await world.say("alice", "/start")
    await _promote(world, "mia")
    name = command.split()[0]
    assert await world.says(actor, command) == f"⚠️ {name} is for admins only."
    assert f"@{actor} · denied — {command}" in await world.says("admin", f"/mod log {actor}")
    assert (await world.says("alice", "/wallet")).startswith("💰 0 coins")  # nothing was granted


async def test_only_reports_are_open_to_everyone_and_moderators_cannot_moderate_each_other(world: World) -> None:
    await _matrix_world(world)
    assert "only an admin can ban them" in await world.says("mia", "/mod ban max 1d")
    assert "admins can't be moderated" in await world.says("mia", "/mod mute admin 1h")
    assert "@max is banned" in await world.says("admin", "/mod ban max 1d")


@pytest.mark.parametrize(("command", "expected"), [
    ("/mod ban admin", "You can't ban yourself."),
    ("/mod mute admin 1h", "You can't mute yourself."),
    ("/mod ban nobody 1d", "No one is called @nobody here."),
    ("/mod mute bob 5x", "“5x” is not a duration. Write a number and a unit: 30m, 12h, 7d or 2w."),
    ("/mod ban bob 10y spam", "“10y” is not a duration."),
    ("/mod mute bob", "Missing duration."),
    ("/mod hide 999", "There is no post #999."),
    ("/mod unban bob", "@bob isn't banned."),
    ("/mod demote bob", "@bob isn't a moderator."),
    ("/mod dismiss r77", "There is no open report r77."),
    ("/mod filter remove casino", "“casino” is not in the filter."),
    ("/report 999 spam", "There is no post #999 that you can see."),
])
async def test_bad_moderation_input_gets_a_clear_reply_and_changes_nothing(
    world: World, command: str, expected: str,
) -> None:
    await world.say("admin", "/start")
    await world.say("bob", "/start")
    actor = "carol" if command.startswith("/report") else "admin"
    answer = await world.says(actor, command)
    assert answer.startswith("⚠️ ") and expected in answer
    assert "Posted #" in await world.says("bob", "/post public still here")
    log = await world.says("admin", "/mod log")
    assert log == "Nothing in the log yet."


async def test_reporting_needs_a_reason_and_only_once(world: World) -> None:
    await world.say("admin", "/start")
    pid = await world.post_id("bob", "/post public hello")
    assert await world.says("carol", f"/report {pid}") == f"What is wrong with #{pid}? Send the reason as your next message."
    assert await world.says("carol", "   ") == "⚠️ Say what is wrong, e.g. /report #1 spam"
    assert "was reported" in await world.says("carol", f"/report {pid} rude")
    assert "already reported" in await world.says("carol", f"/report {pid} rude")
    assert "your own post" in await world.says("bob", f"/report {pid} oops")


async def test_the_report_button_asks_for_a_reason_and_files_the_report(world: World) -> None:
    await world.say("admin", "/start")
    pid = await world.post_id("bob", "/post public hello")
    card = await world.say("carol", f"/show {pid}")
    assert f"rep:{pid}" in [b.action for row in card[0].buttons for b in row]
    assert "Send the reason" in await world.press("carol", f"rep:{pid}")
    assert "was reported" in await world.says("carol", "it is spam")
    assert "it is spam" in await world.says("admin", "/mod queue")


async def test_a_report_without_a_reason_asks_for_it_next_for_a_post_a_comment_or_a_person(world: World) -> None:
    await world.say("admin", "/start")
    await world.befriend("bob", "carol")
    pid = await world.post_id("bob", "/post public hello")
    assert await world.says("bob", f"/comment {pid} first") == f"c1 Comment added to #{pid}."
    # Asking doesn't count against the reports limit (5 an hour for a new account): filing does.
    [asked] = await world.say("carol", f"/report #{pid}")
    assert (asked.plain_text, asked.asks) == (f"What is wrong with #{pid}? Send the reason as your next message.",
                                              f"What is wrong with #{pid}?")
    assert f"#{pid} was reported" in await world.says("carol", "selling pills")
    assert await world.says("carol", "/report c1") == "What is wrong with comment c1? Send the reason as your next message."
    assert "c1 was reported" in await world.says("carol", "rude words")
    assert await world.says("carol", "/report @Bob") == "What is wrong with @bob? Send the reason as your next message."
    assert "@bob was reported" in await world.says("carol", "sends spam")
    queue = await world.says("admin", "/mod queue")
    assert "selling pills" in queue and "rude words" in queue and "sends spam" in queue
    # What can't be reported is said at once, before a reason is asked for.
    assert await world.says("carol", f"/report {pid}") == f"⚠️ You already reported #{pid}; moderators will look at it."
    assert await world.says("carol", "/report c1") == "⚠️ You already reported c1; moderators will look at it."
    assert await world.says("carol", "/report bob") == "⚠️ You already reported @bob; moderators will look at it."
    assert await world.says("carol", "/report 999") == "⚠️ There is no post #999 that you can see."
    assert await world.says("bob", f"/report {pid}") == f"⚠️ #{pid} is your own post; /delete {pid} removes it."
    assert await world.says("carol", "/report carol") == "⚠️ You can't report yourself."
    assert await world.says("carol", "/report") == (
        "⚠️ Missing post, comment, entry or @handle.\nUsage: /report POST, COMMENT, ENTRY OR @HANDLE [REASON]")
    # A guestbook entry too.
    assert "Signed @carol's guestbook: g1" in await world.says("bob", "/guestbook carol buy followers")
    assert await world.says("carol", "/report g1") == (
        "What is wrong with guestbook entry g1? Send the reason as your next message.")
    assert "g1 was reported" in await world.says("carol", "spam in my guestbook")
    assert "spam in my guestbook" in await world.says("admin", "/mod queue")
    assert await world.says("carol", "/report g1") == "⚠️ You already reported g1; moderators will look at it."
    # A command instead of a reason abandons the report.
    pid2 = await world.post_id("bob", "/post public again")
    assert "Send the reason" in await world.says("carol", f"/report {pid2}")
    assert "Posted #" in await world.says("carol", "/post public never mind")
    assert f"#{pid2}" not in await world.says("admin", "/mod queue")


async def test_a_ban_through_telegram_blocks_the_same_accounts_discord_identity(world: World) -> None:
    world.services.admins = {"telegram": frozenset({"tg_admin"})}
    await world.say("tg_admin", "/start", platform="telegram")
    await world.say("tg_bob", "/start", platform="telegram")
    code = _code(await world.says("tg_bob", "/link", platform="telegram"))
    assert "now @tg_bob" in await world.says("dc_bob", f"/link {code}", platform="discord")

    assert "@tg_bob is banned until" in await world.says("tg_admin", "/mod ban tg_bob 7d abuse", platform="telegram")
    answer = await world.says("dc_bob", "/post public hi from discord", platform="discord")
    assert answer.startswith("⛔ You are banned from OpenZone until 2026-01-08")
    assert "You are banned" in await world.notices("dc_bob", platform="discord")


async def test_admin_rights_hold_on_every_linked_messenger(world: World) -> None:
    await world.say("admin", "/start")
    code = _code(await world.says("admin", "/link"))
    await world.say("555", f"/link {code}", platform="telegram")
    await world.say("bob", "/start")
    assert "@bob is muted until" in await world.says("555", "/mod mute bob 30m", platform="telegram")


async def test_timed_bans_and_mutes_expire_by_themselves(world: World) -> None:
    await world.say("admin", "/start")
    await world.befriend("bob", "carol")
    await world.post_id("bob", "/post public before")
    assert "muted until 2026-01-01 12:" in await world.says("admin", "/mod mute carol 30m")
    assert "you can read, but not post or comment" in await world.says("carol", "/post public hi")
    assert "not post or comment" in await world.says("carol", "/comment 1 hi")
    assert "before" in await world.says("carol", "/feed")  # reading is fine
    await world.says("admin", "/mod ban bob 2h spam")
    assert (await world.says("bob", "/feed")).startswith("⛔")
    assert "before" not in await world.says("carol", "/feed")  # a banned zone is gone for others
    await world.deliver()

    world.clock.advance(hours=2)
    assert "Posted #" in await world.says("bob", "/post public after")
    assert "Posted #" in await world.says("carol", "/post public me too")
    assert "Your ban has ended" in await world.notices("bob")
    log = await world.says("admin", "/mod log")
    assert "system · ban_expired · @bob" in log and "system · mute_expired · @carol" in log


async def test_promoted_moderators_hear_of_reports_and_demoted_ones_stop(world: World) -> None:
    await world.say("admin", "/start")
    await _promote(world, "mia")
    assert "You are now a moderator" in await world.notices("mia")
    await world.say("carol", "/start")
    await world.say("carol", "/report mia rude")  # a report about a moderator doesn't go to her
    await world.say("carol", "/report admin rude")
    assert "on @admin: rude" in await world.notices("mia")
    await world.says("admin", "/mod demote mia")
    await world.deliver()
    await world.say("carol", "/report admin ruder")
    assert await world.notices("mia") == ""
    assert DENIED in await world.says("mia", "/mod queue")
