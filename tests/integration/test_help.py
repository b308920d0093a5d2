"""/help by topic, in people's words, staff commands to staff only; /me names a staff member's role."""

from __future__ import annotations

from handlers import build_registry
from tests.builders import World

INTERNAL = ("ALBUM_AUDIENCE", "ALBUM_QUESTION", "ALBUM_ANSWER", "ALBUM_PHOTO", "TITLES", "/handle NEW —")
STAFF = ("/mod", "/grant", "/refund")


async def every_help(world: World, user: str) -> dict[str, str]:
    """The overview and each topic's reply, as `user` sees them."""
    answers = {"": await world.says(user, "/help")}
    for key in build_registry().topics:
        if key != "mod":  # answered by a one-line refusal, asserted on its own
            answers[key] = await world.says(user, f"/help {key}")
    return answers


async def test_help_is_a_short_list_of_topics_without_staff_commands(world: World) -> None:
    overview = await world.says("alice", "/help")
    assert overview.splitlines()[0] == "OpenZone — /help TOPIC lists a topic's commands:"
    assert "posts — Posts, comments and the feed: /post /show /blog /edit /delete …" in overview
    assert "safety — Blocking and reporting: /block /unblock /report" in overview
    assert len(overview.splitlines()) <= 12
    for word in STAFF:
        assert word not in overview


async def test_no_help_reply_shows_a_person_internal_names_or_staff_commands(world: World) -> None:
    for key, answer in (await every_help(world, "alice")).items():
        assert len(answer.splitlines()) <= 20, key
        for word in (*INTERNAL, *STAFF):
            assert word not in answer, (key, word)
    albums = await world.says("alice", "/help albums")
    assert "/album visibility TITLE AUDIENCE — " in albums
    assert "/album rename OLD TITLE | NEW TITLE — " in albums
    assert "/photo caption PHOTO [CAPTION] — " in albums
    assert await world.says("alice", "/help mod") == "/mod is for moderators and admins."
    assert await world.says("alice", "/help grant") == "/grant is for admins."


async def test_help_for_one_command_names_its_parameters_and_what_is_required(world: World) -> None:
    report = await world.says("alice", "/help report")
    assert "/report POST, COMMENT OR @HANDLE REASON" in report
    assert "reason: what is wrong\n" in report and "(optional)" not in report.split("reason:")[1]
    assert "/posts [HANDLE]" in await world.says("alice", "/help /posts")  # the command, not the topic
    assert (await world.says("alice", "/report 1")).startswith("⚠️ Missing reason.\nUsage: /report POST, COMMENT OR @HANDLE REASON")


async def test_staff_see_their_commands_as_their_role_allows(world: World) -> None:
    await world.say("bob", "/start")
    admin = await world.says("admin", "/help")
    assert "mod — Moderation (staff only): /mod" in admin
    assert "/grant" in await world.says("admin", "/help shop")
    assert "/mod promote HANDLE" in await world.says("admin", "/help mod")
    await world.say("admin", "/mod promote bob")
    moderator = await world.says("bob", "/help mod")
    assert "/mod ban HANDLE" in moderator and "/mod promote" not in moderator
    assert "/grant" not in await world.says("bob", "/help shop")


async def test_me_shows_a_staff_member_their_role(world: World) -> None:
    await world.say("bob", "/start")
    assert "Role:" not in await world.says("bob", "/me")
    await world.say("admin", "/mod promote bob")
    assert "Role: moderator — /help mod lists your commands." in await world.says("bob", "/me")
    assert "Role: admin — /help mod lists your commands." in await world.says("admin", "/me")


def test_menus_leave_staff_commands_out_and_use_the_parameters_display_names() -> None:
    registry = build_registry()
    menu = registry.top_level(listed_to="user")
    assert {"post", "feed", "circle", "report"} <= set(menu) and not {"mod", "grant", "refund"} & set(menu)
    assert {"mod", "grant", "refund"} <= set(registry.top_level(listed_to="admin"))
    visibility = registry.get("album visibility")
    assert visibility is not None and [p.option_name for p in visibility.params] == ["title", "audience"]
