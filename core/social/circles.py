"""Circles: named groups of one's friends that posts can be shared with."""

from __future__ import annotations

from core.errors import Conflict, Invalid, NotFound
from core.i18n import _
from core.model import Account, Circle, circle_key, validate_circle_name
from core.names import match_name
from core.ports import UnitOfWork
from core.privacy import Viewer
from core.social import friends

MAX_CIRCLES = 50


async def get_circle(uow: UnitOfWork, owner: Account, name: str) -> Circle:
    name = validate_circle_name(name)
    circle = await uow.social.circle_by_name(owner.id, name)
    if circle is None:
        raise NotFound(_("You have no circle called {name}. /circle list shows yours.").format(name=name))
    return circle


def quoted(name: str) -> str:
    """A circle's name as a command should repeat it: in quotes when it has spaces."""
    return f'"{name}"' if " " in name else name


async def new_circle(uow: UnitOfWork, owner: Account, name: str) -> Circle:
    name = validate_circle_name(name)
    # "Close Friends" and "close friends" are one name: the database's unique key can't tell,
    # so the owner's circles are locked while both checks and the insert run.
    await uow.social.lock_circles(owner.id)
    if (same := await uow.social.circle_by_name(owner.id, name)) is not None:
        raise Conflict(_("You already have a circle called {name}.").format(name=same.name))
    if len(await uow.social.circles_of(owner.id)) >= MAX_CIRCLES:
        raise Invalid(_("You can have up to {n} circles; delete one first.").format(n=MAX_CIRCLES))
    return await uow.social.add_circle(owner.id, name)


async def split_members(uow: UnitOfWork, owner: Account, name: str, words: list[str]) -> tuple[str, list[str]]:
    """The circle and the people of `/circle add|remove`, by core.names' rule.

    Unquoted, `/circle add Close Friends bob` arrives as the name `Close` and the words
    `friends bob`: the longest run of words naming one of the owner's circles is the name.
    """
    if await uow.social.circle_by_name(owner.id, name) is not None:
        return name, words
    circle, rest = match_name(" ".join([name, *words]), await uow.social.circles_of(owner.id),
                              lambda c: c.name, circle_key)
    return (circle.name, rest.split()) if circle is not None else (name, words)


async def add_members(uow: UnitOfWork, owner: Account, name: str, members: list[Account]) -> tuple[list[str], list[str]]:
    """Add friends to a circle. Returns (added handles, skipped handles with reasons)."""
    circle = await get_circle(uow, owner, name)
    strangers = [m.handle for m in members if not await uow.social.are_friends(owner.id, m.id)]
    if strangers:
        raise Invalid(_("Circles are made of friends; not your friends: {handles}. Send /friend first.").format(
            handles=", ".join(f"@{h}" for h in strangers)))
    added, already = [], []
    for m in members:
        (added if await uow.social.add_member(circle.id, m.id) else already).append(m.handle)
    return added, already


async def remove_members(uow: UnitOfWork, owner: Account, name: str, members: list[Account]) -> list[str]:
    circle = await get_circle(uow, owner, name)
    return [m.handle for m in members if await uow.social.remove_member(circle.id, m.id)]


async def list_circles(uow: UnitOfWork, owner: Account) -> list[Circle]:
    return await uow.social.circles_of(owner.id)


async def circle_members(uow: UnitOfWork, owner: Account, name: str) -> tuple[Circle, list[Account]]:
    circle = await get_circle(uow, owner, name)
    # A banned member stays in the circle but is not listed until the ban ends (privacy.presence_rule).
    found = await uow.accounts.get_many(await friends.present(uow, Viewer(owner.id), list(circle.member_ids)))
    return circle, sorted(found.values(), key=lambda a: a.handle)


async def delete_circle(uow: UnitOfWork, owner: Account, name: str) -> Circle:
    """Delete a circle; posts shared with it become visible to no one but the owner."""
    circle = await get_circle(uow, owner, name)
    await uow.social.delete_circle(circle.id)
    return circle
