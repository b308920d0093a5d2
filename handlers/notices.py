"""Notification texts: what a recipient reads when the outbox delivers an event."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from chat.messages import Button, Reply, plain
from core import i18n
from core.accounts.events import IdentityLinked
from core.events import ByEventType, Event
from core.i18n import Languages, _
from core.model import Account
from core.ports import UnitOfWork
from core.posts.events import CommentAdded, PostLiked, PostShared
from core.social.events import FriendAccepted, FriendRequested
from handlers.format import snip, who


NoticeFunc = Callable[[UnitOfWork, Event, Account], Awaitable[Reply | None]]
EXTRA_NOTICES: ByEventType[NoticeFunc] = ByEventType()
# A feature words the notification for its own events: @notice_for(GiftSent).
notice_for = EXTRA_NOTICES.register


def notice_renderer(languages: Languages) -> Callable[[UnitOfWork, Event, Account], Awaitable[dict[str, Any] | None]]:
    """`render`, worded in each recipient's language (not the sender's)."""
    async def render_for(uow: UnitOfWork, event: Event, recipient: Account) -> dict[str, Any] | None:
        with i18n.using(languages.for_account(recipient.language, recipient.language_hint)):
            return await render(uow, event, recipient)
    return render_for


async def render(uow: UnitOfWork, event: Event, recipient: Account) -> dict[str, Any] | None:
    """The message for `recipient`, or None when there is nothing to say."""
    out: Reply | None = None
    if (extra := EXTRA_NOTICES.get(event)) is not None:
        out = await extra(uow, event, recipient)
        return out.to_dict() if out is not None else None
    match event:
        case FriendRequested(from_id=sender_id):
            sender = await uow.accounts.get(sender_id)
            if sender is not None:
                out = Reply(
                    spans=(plain(_("👋 {who} sent you a friend request.").format(who=who(sender))),),
                    buttons=((Button(_("✅ Accept"), f"acc:{sender.handle}"),
                              Button(_("✖️ Decline"), f"dec:{sender.handle}")),),
                )
        case FriendAccepted(by_id=by):
            friend = await uow.accounts.get(by)
            if friend is not None:
                out = Reply(spans=(plain(_("🤝 {who} accepted your friend request.").format(who=who(friend))),))
        case CommentAdded(comment_id=cid, post_id=pid, photo_id=photo, author_id=aid, post_author_id=owner):
            author, comment = await uow.accounts.get(aid), await uow.posts.get_comment(cid)
            if author is not None and comment is not None:
                replied = comment.parent_id and recipient.id != owner
                if photo is not None:
                    said = (_("{who} replied to your comment on p{photo}:") if replied
                            else _("{who} commented on your photo p{photo}:")).format(who=who(author), photo=photo)
                    like, more = Button(_("👍 Like photo"), f"like:p{photo}"), f"cmt:p{photo}"
                else:
                    said = (_("{who} replied to your comment on #{post}:") if replied
                            else _("{who} commented on your post #{post}:")).format(who=who(author), post=pid)
                    like, more = Button(_("👍 Like post"), f"like:{pid}"), f"cmt:{pid}"
                # The first line names the comment, so replying to this message replies to it.
                out = Reply(
                    spans=(plain(f"c{cid} 💬 " + said + "\n"), plain(snip(comment.body))),
                    buttons=((like, Button(_("💬 Comment"), more), Button(_("🚩 Report"), f"rep:c{cid}")),),
                )
        case PostLiked(by_id=by, post_id=pid):
            liker = await uow.accounts.get(by)
            if liker is not None:
                out = Reply(spans=(plain(f"#{pid} 👍 " + _("{who} liked your post.").format(who=who(liker))),), post_id=pid)
        case PostShared(by_id=by, post_id=pid, share_id=sid):
            sharer = await uow.accounts.get(by)
            if sharer is not None:
                out = Reply(spans=(plain(f"#{sid} ↻ " + _("{who} shared your post #{post}.").format(who=who(sharer), post=pid)),))
        case IdentityLinked(platform=platform):
            out = Reply(spans=(plain(_("🔗 A {platform} identity was linked to @{handle}.").format(
                platform=platform, handle=recipient.handle)),))
    return out.to_dict() if out is not None else None
