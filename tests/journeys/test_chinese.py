"""A person who reads Chinese uses OpenZone in Chinese from the first line: their terminal says
zh_CN, and nothing they read afterwards — replies, help, errors, a friend's notifications, their
zone on the web — is an English sentence (names, handles, commands and links aside)."""

from __future__ import annotations

import re

from tests.journeys.conftest import Town

# What a person types or what names someone stays as it is in every language.
_URL = re.compile(r"https?://\S+|<[^>]+>")
_HANDLE = re.compile(r"@[a-z0-9_]+")
# A command with what is typed after it (`/post friends hello world`, `/friend HANDLE`, `/lang auto`).
_COMMAND = re.compile(r"/[a-z_]+(?:[ \t]+[\w@#|.…\[\]<>:+-]*[A-Za-z0-9_\]|.…-])*", re.A)
_WORD = r"[A-Za-z]+(?:['’][A-Za-z]+)?"
_SENTENCE = re.compile(rf"{_WORD}(?:[ \t,]+{_WORD}){{2,}}")


def english_in(text: str, names: tuple[str, ...]) -> list[str]:
    """Runs of three or more English words left once links, handles, commands and names are taken out."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    text = _COMMAND.sub(" ", _HANDLE.sub(" ", _URL.sub(" ", text)))
    return sorted(set(_SENTENCE.findall(text)))


async def test_a_person_whose_terminal_reads_chinese_reads_no_english_sentence(town: Town) -> None:
    lilei = town.console("lilei", locale="zh_CN.UTF-8")  # LANG=zh_CN.UTF-8 openzone chat --as lilei
    bob = town.console("bob")  # a friend whose terminal reads English
    read: list[str] = []

    welcome = await lilei.says("/start")
    assert "欢迎来到 OpenZone，lilei！" in welcome
    read.append(welcome)
    read.append(await lilei.says("/post public 今天天气很好，我们去公园散步吧！"))
    read.append(await lilei.says("/help"))
    read.append(await lilei.says("/help posts"))
    read.append(await lilei.says("/me"))
    read.append(await lilei.says("/friend nobody_here"))  # an error: no such person
    read.append(await lilei.says("/post"))  # an error: nothing to post

    bob_welcome = await bob.says("/start")
    assert "Welcome to OpenZone, bob!" in bob_welcome  # bob reads English, as before
    assert english_in(bob_welcome, names=("OpenZone", "bob")) != []  # and the check below would see it
    read.append(await lilei.says("/friend bob"))
    assert "sent you a friend request" in await bob.notifications()
    assert "now friends" in await bob.press("✅ Accept")
    read.append(await lilei.notifications())  # bob accepted: worded for lilei, in Chinese
    await bob.says("/comment 1 好美！")
    read.append(await lilei.notifications())  # a comment on lilei's post
    read.append(await lilei.says("/feed"))

    browser = await town.browser(accept_language="zh-CN,zh;q=0.9,en;q=0.5")
    status, zone = await browser.open_link_in(await lilei.says("/zone"))
    assert status == 200 and "今天天气很好" in zone
    read.append(zone)

    seen = "\n".join(read)
    english = english_in(seen, names=("OpenZone", "lilei", "bob"))
    assert english == [], f"English in what lilei read: {english}\n\n{seen}"
