"""The screening every new post, comment, album title and caption passes before anything is written.

What the posts and albums features import from moderation: refusal by ban, mute or a blocked word,
and a post the word filter holds for review.
"""

from __future__ import annotations

from datetime import datetime

from core.errors import Forbidden, Invalid
from core.i18n import _
from core.model import Account, Post, PostStatus
from core.moderation.actions import record
from core.moderation.model import Action, FilterAction, FilterEntry, Report, SanctionKind, matches, until_text
from core.moderation.reports import file_report
from core.ports import UnitOfWork


async def screen(uow: UnitOfWork, author: Account, *texts: str) -> FilterEntry | None:
    """Refuse writing by muted or banned accounts and blocked words; return the entry that holds it."""
    for kind in (SanctionKind.BAN, SanctionKind.MUTE):
        s = await uow.moderation.sanction(author.id, kind)
        if s is not None:
            raise Forbidden(_refusal(kind, s.until))
    hits = [e for e in await uow.moderation.filter_words() if any(matches(e.word, t) for t in texts)]
    for entry in sorted(hits, key=lambda e: e.action is not FilterAction.BLOCK):
        if entry.action is FilterAction.BLOCK:
            raise Invalid(_("“{word}” isn't allowed here. Please rephrase and send it again.").format(word=entry.word))
        return entry
    return None


def _refusal(kind: SanctionKind, until: datetime | None) -> str:
    """Why a banned or muted person can't write, and until when."""
    if until is None:
        if kind is SanctionKind.BAN:
            return _("You are banned until further notice: you can read, but not post or comment.")
        return _("You are muted until further notice: you can read, but not post or comment.")
    if kind is SanctionKind.BAN:
        text = _("You are banned until {until}: you can read, but not post or comment.")
    else:
        text = _("You are muted until {until}: you can read, but not post or comment.")
    return text.format(until=until_text(until))


async def screen_post(uow: UnitOfWork, author: Account, *texts: str) -> PostStatus:
    """ACTIVE, or HIDDEN when a filter word holds the post for review (then call `held`)."""
    return PostStatus.HIDDEN if await screen(uow, author, *texts) is not None else PostStatus.ACTIVE


async def screen_comment(uow: UnitOfWork, author: Account, text: str) -> None:
    # Comments have no hidden state to hold them in, so a held word refuses them like a blocked one.
    entry = await screen(uow, author, text)
    if entry is not None:
        raise Invalid(_("“{word}” isn't allowed in comments. Please rephrase and send it again.").format(word=entry.word))


async def screen_text(uow: UnitOfWork, author: Account, *texts: str) -> None:
    """For writing that can't be held for review (album titles, photo captions): refuse or allow."""
    entry = await screen(uow, author, *texts)
    if entry is not None:
        raise Invalid(_("“{word}” isn't allowed here. Please rephrase and send it again.").format(word=entry.word))


async def held(uow: UnitOfWork, now: datetime, post: Post, *texts: str) -> None:
    """Queue a post the filter held, and tell the moderators."""
    entry = next((e for e in await uow.moderation.filter_words()
                  if e.action is FilterAction.HOLD and any(matches(e.word, t) for t in texts)), None)
    word = entry.word if entry else "?"
    reason = f"held by the word filter: “{word}”"
    await file_report(uow, now, Report(0, None, post.author_id, post.id, reason, now))
    await record(uow, now, None, Action.HOLD, target_id=post.author_id, post_id=post.id, reason=reason)
