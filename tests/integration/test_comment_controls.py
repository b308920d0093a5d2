"""Comment controls per post: who may comment (open, friends, closed, approve), and comments that wait.

On an approve-only post a comment waits (pending) for the owner's Approve / Reject: until then
its writer alone sees it, marked as waiting — no friend, stranger, blocked person or anonymous
visitor, in threads or in counts.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from core.model import Comment, CommentPolicy, Post, PostStatus, Visibility
from core.ports import UnitOfWorkFactory
from core.posts import comments, service as posts
from core.privacy import ANONYMOUS, Viewer, comment_rule
from tests.builders import World
from tests.integration.test_memory_repos_match_sql import agree, people
from tests.privacy_rows import NOW


async def approve_only(world: World) -> int:
    """alice's public post, approve-only; bob and carol are her friends."""
    await world.befriend("alice", "bob")
    await world.befriend("alice", "carol")
    pid = await world.post_id("alice", "/post public Tell me about your weekend")
    assert "comments wait for your approval" in await world.says("alice", f"/comments {pid} approve")
    await world.deliver()
    return pid


def cid_in(answer: str) -> int:
    return int(re.match(r"c(\d+) ", answer).group(1))  # type: ignore[union-attr]


async def test_an_approve_only_posts_comment_waits_for_approval(world: World) -> None:
    pid = await approve_only(world)
    answer = await world.says("bob", f"/comment {pid} Hiking!")
    assert "waits for its owner's approval" in answer
    cid = cid_in(answer)
    assert f"c{cid}" in (mine := await world.says("bob", f"/show {pid}")) and "⏳ waiting for the owner's approval" in mine
    assert "Hiking!" not in await world.says("carol", f"/show {pid}")
    asked = (await world.deliver())[("console", "alice")]
    assert text_of(asked).startswith(f"⏳ Bob (@bob) wants to comment on your post #{pid} (c{cid}, waiting for you):")
    assert [b.action for b in asked[0].buttons[0]] == [f"capp:{cid}", f"crej:{cid}"]
    assert "Hiking!" not in await world.says("carol", f"/show {pid}")
    assert "approved" in await world.press("alice", f"capp:{cid}")
    assert "Hiking!" in await world.says("carol", f"/show {pid}")
    assert "waiting" not in await world.says("bob", f"/show {pid}")
    told = await world.deliver()
    assert f"Your comment c{cid} on #{pid} was approved" in text_of(told[("console", "bob")])
    assert "not waiting for approval any more" in await world.press("alice", f"capp:{cid}")


async def test_a_rejected_comment_is_removed_and_nobody_else_ever_saw_it(world: World) -> None:
    pid = await approve_only(world)
    cid = cid_in(await world.says("bob", f"/comment {pid} spam spam"))
    assert "rejected and removed" in await world.press("alice", f"crej:{cid}")
    assert "spam spam" not in await world.says("bob", f"/show {pid}")
    assert ("console", "bob") not in await world.deliver()


async def test_only_the_owner_decides_and_sets_the_policy(world: World) -> None:
    pid = await approve_only(world)
    cid = cid_in(await world.says("bob", f"/comment {pid} Hiking!"))
    assert f"There is no comment c{cid} that you can see." in await world.press("carol", f"capp:{cid}")
    assert f"There is no comment c{cid} that you can see." in await world.press("bob", f"capp:{cid}")
    assert "not yours" in await world.says("bob", f"/comments {pid} open")
    assert "one of: open, friends, closed or approve" in await world.says("alice", f"/comments {pid} maybe")
    # The owner's own comments never wait.
    assert "Comment added" in await world.says("alice", f"/comment {pid} Mine shows at once")


async def test_closed_and_friends_only_posts_refuse_those_they_leave_out(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.say("erin", "/start")
    pid = await world.post_id("alice", "/post public hello")
    await world.say("alice", f"/comments {pid} friends")
    assert "Only its owner's friends may comment" in await world.says("erin", f"/comment {pid} hi")
    assert "Comment added" in await world.says("bob", f"/comment {pid} hi")
    await world.say("alice", f"/comments {pid} closed")
    assert "closed by its owner" in await world.says("bob", f"/comment {pid} again")
    first = cid_in(await world.says("alice", f"/comment {pid} owner speaks"))
    assert "closed by its owner" in await world.says("bob", f"/reply c{first} and replies too")
    await world.say("alice", f"/comments {pid} open")
    assert "Comment added" in await world.says("erin", f"/comment {pid} open again")


async def test_a_reply_on_an_approve_only_post_waits_too(world: World) -> None:
    pid = await approve_only(world)
    head = cid_in(await world.says("alice", f"/comment {pid} Tell me more"))
    answer = await world.says("bob", f"/reply c{head} a reply")
    assert "waits for the post owner's approval" in answer
    assert "a reply" not in await world.says("carol", f"/show {pid}")


async def test_a_banned_writers_waiting_comment_is_not_asked_about(world: World) -> None:
    pid = await approve_only(world)
    await world.says("bob", f"/comment {pid} Hiking!")
    await world.say("admin", "/mod ban bob spam")
    assert ("console", "alice") not in await world.deliver()


async def test_the_question_reads_in_the_owners_language(world: World) -> None:
    pid = await approve_only(world)
    await world.say("alice", "/lang zh")
    cid = cid_in(await world.says("bob", f"/comment {pid} Hiking!"))
    asked = (await world.deliver())[("console", "alice")]
    assert text_of(asked).startswith(f"⏳ Bob (@bob) 想评论你的说说 #{pid}（c{cid}，等你审核）：")
    assert [b.label for b in asked[0].buttons[0]] == ["✅ 通过", "✖️ 拒绝"]
    assert "已通过" in await world.press("alice", f"capp:{cid}")


# --- who sees a waiting comment: every viewer relation ----------------------------------------
RELATIONS = ["writer", "owner", "friend", "stranger", "blocked", "anonymous"]
SEES = {"writer"}  # the owner reads it in the question they are sent, not in the thread


@pytest.mark.parametrize("relation", RELATIONS)
async def test_a_waiting_comment_shows_to_its_writer_alone(world: World, relation: str) -> None:
    pid = await approve_only(world)
    await world.say("erin", "/start")
    await world.befriend("alice", "mallory")
    await world.says("bob", f"/comment {pid} waiting words")
    await world.say("alice", "/block mallory")
    handle = {"writer": "bob", "owner": "alice", "friend": "carol", "stranger": "erin", "blocked": "mallory"}
    async with world.db.uow() as uow:
        viewer = ANONYMOUS
        if relation != "anonymous":
            account = await uow.accounts.by_handle(handle[relation])
            assert account is not None
            viewer = Viewer(account.id)
        post = await uow.posts.get(pid)
        assert post is not None
        seen = [c.comment.body for c in await comments.threads(uow, viewer, post)]
        [counted] = await posts.counted(uow, viewer, [post])
    expected = ["waiting words"] if relation in SEES else []
    assert seen == expected
    assert counted.comment_count == len(expected)


def text_of(replies: list[Any]) -> str:
    return "\n".join(r.plain_text for r in replies)


# --- the memory repositories keep the policy and the waiting status as SQL does ------------------
async def policy_rows(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        a, b = await people(uow, "alice", "bob")
        post = await uow.posts.add(Post(id=0, author_id=a, body="hi", visibility=Visibility.PUBLIC, created_at=NOW))
        seen: list[Any] = [(await uow.posts.get(post.id)).comment_policy]  # type: ignore[union-attr]
        stored = await uow.posts.get(post.id)
        assert stored is not None
        stored.comment_policy = CommentPolicy.APPROVE
        await uow.posts.save(stored)
        seen.append((await uow.posts.get(post.id)).comment_policy)  # type: ignore[union-attr]
        c = await uow.posts.add_comment(Comment(id=0, post_id=post.id, author_id=b, body="x", created_at=NOW))
        await uow.posts.set_comment_status(c.id, PostStatus.PENDING.value)
        seen.append((await uow.posts.get_comment(c.id)).status)  # type: ignore[union-attr]
        seen += [await uow.posts.get_comment_visible(c.id, a, comment_rule(Viewer(a))) is None,
                 await uow.posts.get_comment_visible(c.id, b, comment_rule(Viewer(b))) is not None]
        await uow.commit()
    return seen


async def test_the_memory_policy_and_waiting_rows_behave_as_the_sql_ones(world: World) -> None:
    assert await agree(world, policy_rows) == [CommentPolicy.OPEN, CommentPolicy.APPROVE, PostStatus.PENDING, True, True]



async def test_moderators_can_neither_admit_a_waiting_comment_nor_let_one_in_by_hiding_and_restoring(world: World) -> None:
    pid = await approve_only(world)
    await world.say("admin", "/start")
    cid = cid_in(await world.says("bob", f"/comment {pid} Hiking!"))
    assert "is not hidden" in await world.says("admin", f"/mod restore c{cid}")
    await world.say("admin", f"/mod hide c{cid} checking")
    await world.say("admin", f"/mod restore c{cid}")
    assert "Hiking!" not in await world.says("carol", f"/show {pid}")  # still the owner's to approve
    assert "⏳ waiting for the owner's approval" in await world.says("bob", f"/show {pid}")
    assert "approved" in await world.press("alice", f"capp:{cid}")
    assert "Hiking!" in await world.says("carol", f"/show {pid}")
