"""Where posts go is said, not guessed: the welcome, circle names on cards, /privacy warnings, /share's audience."""

from __future__ import annotations

from tests.builders import World


async def test_the_welcome_says_where_posts_go_by_default(world: World) -> None:
    welcome = await world.says("alice", "/start")
    assert "Your zone is open to everyone. A /post goes to your friends unless you name an audience " \
           "(friends is your default; /privacy changes it)." in welcome
    assert "Try: /post public hello world" in welcome


async def test_a_circle_post_names_its_circle_to_its_author_and_not_to_its_members(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.say("alice", "/circle new family")
    await world.say("alice", "/circle add family bob")
    [card] = await world.say("alice", "/post @family dinner at six")
    assert card.plain_text.startswith("#1 · Alice (@alice) · ⭕ family · just now")
    assert card.plain_text.endswith("\nPosted #1 to @family.")
    assert "⭕ family" in await world.says("alice", "/feed")
    assert "⭕ family" in await world.says("alice", "/show 1")
    bob_sees = await world.says("bob", "/show 1")
    assert bob_sees.startswith("#1 · Alice (@alice) · ⭕ some friends · ")
    assert "family" not in bob_sees


async def test_privacy_warns_when_the_default_audience_is_wider_than_the_zone(world: World) -> None:
    assert "⚠️" not in await world.says("alice", "/privacy")
    settings = await world.says("alice", "/privacy zone friends default public")
    assert "⚠️ Your zone is open to your friends only, so posts for public reach only your friends." in settings
    # The way to change it names every choice, not the settings just made as if they were a fix.
    assert "Change: /privacy zone public|friends|private · /privacy default public|friends|private" in settings
    settings = await world.says("alice", "/privacy zone private default friends")
    assert "⚠️ Your zone is closed to everyone but you, so posts for friends reach only you." in settings
    assert "⚠️" not in await world.says("alice", "/privacy default private")


async def test_share_takes_an_audience_and_shows_the_new_post(world: World) -> None:
    await world.befriend("bob", "alice")
    original = await world.post_id("alice", "/post public a sunset")
    replies = await world.say("bob", f"/share {original} private look at this")
    assert replies[0].plain_text == f"Shared #{original} as #{original + 1} to private."
    card = replies[1].plain_text
    assert card.startswith(f"#{original + 1} · Bob (@bob) · 🔒 only me · just now\nlook at this\n")
    assert f"↻ shared #{original} by @alice:\n  a sunset" in card
    assert replies[1].post_id == original + 1
    assert f"#{original + 1}" not in await world.says("alice", "/feed")  # private: alice doesn't get it
    shared = await world.say("bob", f"/share {original}")  # no audience: bob's default, friends
    assert shared[0].plain_text == f"Shared #{original} as #{original + 2} to friends."


async def test_a_share_of_ones_own_limited_post_never_reaches_more_people(world: World) -> None:
    await world.befriend("alice", "bob")
    own = await world.post_id("alice", "/post friends just for friends")
    assert await world.says("alice", f"/share {own} public see this") == (
        f"⚠️ #{own} is for friends only, so a share of it can't reach more people. "
        "Share it to the same audience or a narrower one.")
    await world.say("alice", "/privacy default public")
    narrowed = await world.say("alice", f"/share {own}")  # the public default narrows to the original's audience
    assert narrowed[0].plain_text == f"Shared #{own} as #{own + 1} to friends."
    assert "There is no post" in await world.says("carol", f"/show {own + 1}")
    assert "just for friends" in await world.says("bob", f"/show {own + 1}")


async def test_a_friends_only_post_of_someone_else_still_cannot_be_shared(world: World) -> None:
    await world.befriend("alice", "bob")
    post = await world.post_id("alice", "/post friends not for travel")
    assert "not public" in await world.says("bob", f"/share {post} private")


ZH = {"locale": "zh-hans"}


async def test_privacy_names_each_setting_in_chinese_with_the_keyword_that_chooses_it(world: World) -> None:
    settings = await world.says("alice", "/privacy zone friends default public suggest off guestbook nobody", **ZH)
    assert settings.splitlines()[:5] == [
        "空间：仅好友（friends）——谁能打开你的空间。",
        "默认：所有人可见（public）——不写可见范围的 /post 谁能看到。",
        "推荐：关（off）—— /suggest 不会把你推荐给任何人。",
        "留言板：不开放（nobody）——不接受新留言。",
        "⚠️ 你的空间仅对好友开放，所以设为“所有人可见”的说说也只有好友能看到。",
    ]
    assert "/privacy zone public|friends|private" in settings  # what to type stays as typed
    settings = await world.says("alice", "/privacy zone public suggest on guestbook friends", **ZH)
    assert "空间：所有人可见（public）" in settings and "推荐：开（on）" in settings
    assert "留言板：仅好友（friends）" in settings
    assert "所有人（everyone）" in await world.says("alice", "/privacy guestbook everyone", **ZH)


async def test_me_and_the_welcome_name_the_settings_in_chinese(world: World) -> None:
    welcome = await world.says("alice", "/start", **ZH)
    assert "仅好友能看到。默认：仅好友（friends），用 /privacy 修改。" in welcome
    await world.say("alice", "/privacy zone private default public", **ZH)
    assert "空间：仅自己 · 新说说默认：所有人可见" in await world.says("alice", "/me", **ZH)
    await world.say("bob", "/privacy zone private default public")
    assert "Zone: private · New posts default to: public" in await world.says("bob", "/me")  # English: the keywords
