"""Finding people: /suggest (people you may know, by mutual friends) and /find (by name or handle).

Who may be offered or found is decided by core.privacy (suggestion_rule, finding_rule); storage
compiles those rules into the query, so a listing never loads people it must not show.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import privacy
from core.errors import Invalid
from core.i18n import _
from core.model import Account
from core.ports import UnitOfWork
from core.privacy import Viewer
from core.text import clean, visible

LIMIT = 10
"""How many people /suggest and /find show at most."""
MAX_QUERY = 64


@dataclass(frozen=True)
class Suggestion:
    account: Account
    mutual: int
    """How many friends the two have in common."""


async def suggest(uow: UnitOfWork, me: Account, limit: int = LIMIT) -> list[Suggestion]:
    """Friends of `me`'s friends that `me` may be offered, most mutual friends first."""
    viewer = Viewer(me.id)
    found = await uow.social.suggestions(me.id, privacy.suggestion_rule(viewer), privacy.presence_rule(viewer), limit)
    people = await uow.accounts.get_many([i for i, _n in found])
    return [Suggestion(people[i], n) for i, n in found if i in people]


def search_text(text: str) -> str:
    """What /find looks for: one line, at least one visible character, at most MAX_QUERY."""
    cleaned = clean(text, multiline=False).strip().lstrip("@").strip()
    if not visible(cleaned):
        raise Invalid(_("Write part of a name or handle after /find, e.g. /find ali."))
    if len(cleaned) > MAX_QUERY:
        raise Invalid(_("That is too long to search for: at most {n} characters.").format(n=MAX_QUERY))
    return cleaned


async def find(uow: UnitOfWork, viewer: Viewer, text: str, limit: int = LIMIT) -> list[Account]:
    """People whose handle or display name contains `text` and whose zones are open to `viewer`."""
    ids = await uow.social.search(viewer.account_id, search_text(text), privacy.finding_rule(viewer), limit)
    people = await uow.accounts.get_many(ids)
    return [people[i] for i in ids if i in people]
