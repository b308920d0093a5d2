"""The screening every new post, comment, album title and caption passes before anything is written.

What the posts and albums features import from moderation: refusal by ban, mute or a blocked word,
and a post the word filter holds for review.
"""

from __future__ import annotations

from datetime import datetime

from core.errors import Forbidden, Invalid
from core.model import Account, Post, PostStatus
from core.moderation.actions import record
from core.moderation.model import Action, FilterAction, FilterEntry, Report, SanctionKind, matches
from core.moderation.reports import file_report
from core.ports import UnitOfWork


def _until(when: datetime | None) -> str:
    return "further notice" if when is None else when.strftime("%Y-%m-%d %H:%M UTC")


async def screen(uow: UnitOfWork, author: Account, *texts: str) -> FilterEntry | None:
    """Refuse writing by muted or banned accounts and blocked words; return the entry that holds it."""
    for kind in (SanctionKind.BAN, SanctionKind.MUTE):
        s = await uow.moderation.sanction(author.id, kind)
        if s is not None:
            doing = "banned" if kind is SanctionKind.BAN else "muted"
            raise Forbidden(f"You are {doing} until {_until(s.until)}: you can read, but not post or comment.")
    hits = [e for e in await uow.moderation.filter_words() if any(matches(e.word, t) for t in texts)]
    for entry in sorted(hits, key=lambda e: e.action is not FilterAction.BLOCK):
        if entry.action is FilterAction.BLOCK:
            raise Invalid(f"“{entry.word}” isn't allowed here. Please rephrase and send it again.")
        return entry
    return None


async def screen_post(uow: UnitOfWork, author: Account, *texts: str) -> PostStatus:
    """ACTIVE, or HIDDEN when a filter word holds the post for review (then call `held`)."""
    return PostStatus.HIDDEN if await screen(uow, author, *texts) is not None else PostStatus.ACTIVE


async def screen_comment(uow: UnitOfWork, author: Account, text: str) -> None:
    # Comments have no hidden state to hold them in, so a held word refuses them like a blocked one.
    entry = await screen(uow, author, text)
    if entry is not None:
        raise Invalid(f"“{entry.word}” isn't allowed in comments. Please rephrase and send it again.")


async def screen_text(uow: UnitOfWork, author: Account, *texts: str) -> None:
    """For writing that can't be held for review (album titles, photo captions): refuse or allow."""
    entry = await screen(uow, author, *texts)
    if entry is not None:
        raise Invalid(f"“{entry.word}” isn't allowed here. Please rephrase and send it again.")


async def held(uow: UnitOfWork, now: datetime, post: Post, *texts: str) -> None:
    """Queue a post the filter held, and tell the moderators."""
    entry = next((e for e in await uow.moderation.filter_words()
                  if e.action is FilterAction.HOLD and any(matches(e.word, t) for t in texts)), None)
    word = entry.word if entry else "?"
    reason = f"held by the word filter: “{word}”"
    await file_report(uow, now, Report(0, None, post.author_id, post.id, reason, now))
    await record(uow, now, None, Action.HOLD, target_id=post.author_id, post_id=post.id, reason=reason)
