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
    assert "/report POST, COMMENT, ENTRY OR @HANDLE [REASON]" in report
    assert ("  post, comment, entry or @handle: post number (#42), comment number (c17), guestbook entry (g12) "
            "or @handle\n") in report
    assert "reason: what is wrong (optional)\n" in report
    assert "/posts [HANDLE]" in await world.says("alice", "/help /posts")  # the command, not the topic
    assert await world.says("alice", "/report") == (
        "⚠️ Missing post, comment, entry or @handle.\nUsage: /report POST, COMMENT, ENTRY OR @HANDLE [REASON]")


async def test_help_for_an_unknown_name_is_an_error_like_an_unknown_command_with_its_suggestion(world: World) -> None:
    assert await world.says("alice", "/help nonsense") == (
        "⚠️ There is no /nonsense command or help topic. /help lists the topics.")
    assert await world.says("alice", "/help frend") == (
        "⚠️ There is no /frend command or help topic. Did you mean /friend? /help lists the topics.")
    assert await world.says("alice", "/nonsense") == "⚠️ There is no /nonsense command. /help lists them all."
    await world.say("alice", "/lang zh")
    assert await world.says("alice", "/help nonsense") == "⚠️ 没有 /nonsense 这条命令或帮助话题。/help 列出所有话题。"


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


async def test_help_reads_in_chinese_with_the_command_names_as_typed(world: World) -> None:
    await world.say("alice", "/lang zh")
    overview = await world.says("alice", "/help")
    assert overview.splitlines()[0] == "OpenZone —— /help 话题 列出该话题的命令："
    assert "safety — 拉黑和举报：/block /unblock /report" in overview
    assert "🌐 语言：简体中文 —— 用 /lang 切换：/lang en (English)" in overview
    posts = await world.says("alice", "/help posts")
    assert posts.splitlines()[0] == "说说、评论和好友动态："
    assert "/post [public|friends|private|@circle] 内容 — " in posts  # names and keywords stay as typed, labels read
    assert posts.splitlines()[-1] == "/help 命令 解释一条命令。"
    handle = await world.says("alice", "/help handle")
    assert handle.splitlines() == ["修改你的 @用户名", "/handle 新用户名", "  新用户名：3–20 个字符：a-z、0-9、_"]
    assert await world.says("alice", "/help grant") == "/grant 仅限管理员使用。"
    assert (await world.says("alice", "/help privacy")).splitlines()[1:3] == [
        "/privacy [zone public|friends|private] [default public|friends|private] [suggest on|off]"
        " [guestbook everyone|friends|nobody]",
        "  zone：谁能打开你的空间（可选）"]
    assert (await world.says("alice", "/help mod ban")) == "/mod ban 仅限版主使用。"


async def test_a_bad_command_line_is_answered_in_the_readers_language(world: World) -> None:
    await world.say("alice", "/start", locale="zh-hans")  # the messenger's hint, before any /lang
    assert await world.says("alice", "/handle") == "⚠️ 缺少新用户名。\n用法：/handle 新用户名"
    assert await world.says("alice", "/pots") == "⚠️ 没有 /pots 这条命令。你是想用 /posts 吗？/help 列出所有命令。"
    assert await world.says("alice", "/privacy zone nobody") == (
        "⚠️ zone 只能是以下之一：public, friends, private，而不是“nobody”。\n用法：/privacy [zone public|friends|private] "
        "[default public|friends|private] [suggest on|off] [guestbook everyone|friends|nobody]")
    assert (await world.says("bob", "/pots")).startswith("⚠️ There is no /pots command. Did you mean /posts?")


async def test_me_names_the_language_one_reads_and_how_to_change_it(world: World) -> None:
    assert "🌐 Language: English (your messenger's) — /lang changes it: /lang zh (简体中文)" in await world.says(
        "alice", "/me")
    await world.say("alice", "/lang zh")
    me = await world.says("alice", "/me")
    assert "说说：0 · 好友：0\n" in me
    assert "🌐 语言：简体中文 —— 用 /lang 切换：/lang en (English)\n" in me
    assert me.endswith("打开你的空间")
    await world.say("admin", "/mod promote alice")
    assert "身份：版主 —— /help mod 列出你能用的命令。" in await world.says("alice", "/me")


async def test_the_language_hint_shows_once_per_person_even_within_one_session(world: World) -> None:
    assert "🌐 Language: English" in await world.says("alice", "/start")
    assert "🌐" not in await world.says("alice", "/help")
    assert "🌐" not in await world.says("alice", "/start")
    async with world.another_process() as again:
        assert "🌐" not in await again.says("alice", "/help")
    assert "🌐 Language: English" in await world.says("alice", "/me")  # the profile always names it
    assert "🌐 Language: English" in await world.says("bob", "/help")  # a hint for each person, once


def test_adapters_word_the_registry_in_any_language() -> None:
    from core.i18n import shipped_languages
    from handlers import translated
    registry = build_registry()
    zh = shipped_languages().get("zh_Hans")
    me = registry.get("me")
    assert me is not None and translated(me.summary, zh) == "你的资料和设置"
    assert translated(me.summary) == "Your profile and settings"  # the reader's language: English here
    assert registry.summary_of("me", zh) == "你的资料和设置"
    assert translated("", zh) == ""  # not the catalog's header


async def test_help_says_the_commands_that_take_g12_take_a_guestbook_entry(world: World) -> None:
    for command in ("/help delete", "/help mod hide", "/help mod restore", "/help mod delete"):
        assert "comment number (c17) or guestbook entry (g12)" in await world.says("admin", command), command
    await world.say("admin", "/lang zh")
    assert "评论编号（c17）或留言编号（g12）" in await world.says("admin", "/help mod hide")
