"""Question-gated albums: the owner sets a question and an answer; a viewer answering it is let in.

The answer is stored only as a salted scrypt hash, compared in constant time, and attempts are
limited per viewer and album: each try is claimed in one conditional statement (a sliding hour),
which commits even when the answer is wrong — a wrong answer is a reply, not an error that would
roll the claim back.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.albums.model import MAX_ANSWER, MAX_QUESTION, Album, AlbumVisibility, normalize_answer
from core.errors import Invalid, LimitExceeded
from core.i18n import _, ngettext
from core.model import Account, validate_text
from core.ports import UnitOfWork
from core.ratelimit import Limit, wait

ATTEMPTS = 5
WINDOW = timedelta(hours=1)
_N, _R, _P = 2**14, 8, 1


def _scrypt(answer: str, salt: bytes) -> bytes:
    return hashlib.scrypt(normalize_answer(answer).encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)


async def hash_answer(answer: str) -> str:
    salt = secrets.token_bytes(16)
    # ~50 ms of CPU: off the event loop.
    digest = await asyncio.to_thread(_scrypt, answer, salt)
    return f"scrypt${salt.hex()}${digest.hex()}"


async def check_answer(answer: str, stored: str) -> bool:
    try:
        kind, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    given = await asyncio.to_thread(_scrypt, answer, bytes.fromhex(salt))
    return hmac.compare_digest(given, bytes.fromhex(digest))


async def set_question(uow: UnitOfWork, now: datetime, owner: Account, album: Album, question: str,
                       answer: str) -> Album:
    """Gate the owner's album behind `question`, opened by `answer`; earlier answers stop counting."""
    question = validate_text(question, what="question", limit=MAX_QUESTION, multiline=False)
    answer = validate_text(answer, what="answer", limit=MAX_ANSWER, multiline=False)
    album.question, album.answer_hash = question, await hash_answer(answer)
    album.visibility, album.circle_id, album.updated_at = AlbumVisibility.QUESTION, None, now
    await uow.albums.save(album)
    await uow.albums.forget_answers(album.id)
    return album


@dataclass(frozen=True)
class Attempt:
    correct: bool
    tries_left: int


async def answer_question(uow: UnitOfWork, now: datetime, viewer: Account, album: Album, answer: str) -> Attempt:
    """Check one answer (the caller has made sure the album is listed to `viewer`)."""
    if not album.gated or not album.answer_hash:
        raise Invalid(_("“{title}” has no question to answer.").format(title=album.title))
    if album.owner_id == viewer.id or await uow.albums.has_answered(album.id, viewer.id):
        return Attempt(True, ATTEMPTS)
    answer = validate_text(answer, what="answer", limit=MAX_ANSWER, multiline=False)
    bucket, since = f"album:{album.id}", now - WINDOW
    # Refusing early spares the hash for someone already out of tries.
    _refuse_if_full(await uow.moderation.hits(viewer.id, bucket, since), album, now)
    # The hash is computed before anything is written (SQLite's write lock is not held through
    # ~50 ms of scrypt), but its verdict counts only once the try is claimed: one conditional
    # INSERT … SELECT under the account's row lock, so parallel answers get at most ATTEMPTS.
    correct = await check_answer(answer, album.answer_hash)
    if not await uow.moderation.claim_hit(viewer.id, bucket, now, ATTEMPTS, since):
        _refuse_if_full(await uow.moderation.hits(viewer.id, bucket, since), album, now, always=True)
    if correct:
        await uow.albums.mark_answered(album.id, viewer.id, now)
        return Attempt(True, ATTEMPTS)
    # A wrong answer is a reply, not an error: the claimed try commits with it.
    used = len(await uow.moderation.hits(viewer.id, bucket, since))
    return Attempt(False, max(0, ATTEMPTS - used))


def _refuse_if_full(hits: list[datetime], album: Album, now: datetime, *, always: bool = False) -> None:
    left = wait(hits, Limit(ATTEMPTS, WINDOW), now)
    if left is None and not always:
        return
    seconds = left or 60.0
    minutes = max(1, int(seconds // 60) + 1)
    raise LimitExceeded(ngettext("That's {n} try for “{title}” this hour. Try again in {minutes} min.",
                                 "That's {n} tries for “{title}” this hour. Try again in {minutes} min.",
                                 ATTEMPTS).format(n=ATTEMPTS, title=album.title, minutes=minutes),
                        retry_after=seconds)
