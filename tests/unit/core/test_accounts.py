"""Accounts on memory: first contact, handles, profile settings and cross-messenger link codes."""

from __future__ import annotations

import asyncio
import pytest

from core.accounts import service as accounts
from core.accounts.events import IdentityLinked
from core.errors import Conflict, Invalid, NotFound
from core.model import Account, Visibility, ZoneVisibility
from core.posts import service as posts
from core.posts.model import Audience
from tests.builders import World
from tests.unit.core.helpers import person, reload, tx


async def arrive(world: World, platform: str, external_id: str, name: str) -> tuple[Account, bool]:
    return await tx(world, lambda uow: accounts.ensure_account(uow, world.clock.now(), platform, external_id, name))


async def test_a_first_message_makes_one_account_with_a_handle_from_the_name(world: World) -> None:
    account, created = await arrive(world, "telegram", "42", "Zoë Smith")
    assert (account.handle, account.display_name, created) == ("zoe_smith", "Zoë Smith", True)
    again, created = await arrive(world, "telegram", "42", "Zoë S.")
    assert (again.id, created) == (account.id, False)


async def test_people_with_the_same_name_get_numbered_handles(world: World) -> None:
    handles = [(await arrive(world, "discord", str(n), "Sam"))[0].handle for n in range(3)]
    assert handles == ["sam", "sam2", "sam3"]
    assert accounts.derive_handle("李") == "user"
    assert accounts.derive_handle("Al") == "al_user"


async def test_five_first_messages_at_once_from_one_person_make_one_account(world: World) -> None:
    made = await asyncio.gather(*(arrive(world, "telegram", "7", "Nina") for _ in range(5)))
    assert len({a.id for a, _ in made}) == 1
    assert [created for _, created in made].count(True) == 1


async def test_a_handle_is_validated_and_claimed_by_one_person_only(world: World) -> None:
    alice, bob = await person(world, "alice"), await person(world, "bob")
    with pytest.raises(Invalid, match="3–20 characters"):
        await tx(world, lambda uow: accounts.change_handle(uow, alice, "no spaces"))
    renamed = await tx(world, lambda uow: accounts.change_handle(uow, alice, "@Wonder_Land"))
    assert (renamed.handle, (await reload(world, alice)).handle) == ("wonder_land", "wonder_land")
    with pytest.raises(Conflict, match="@wonder_land is taken"):
        await tx(world, lambda uow: accounts.change_handle(uow, bob, "wonder_land"))
    with pytest.raises(NotFound, match="No one is called @alice"):
        await tx(world, lambda uow: accounts.by_handle(uow, "alice"))
    assert (await tx(world, lambda uow: accounts.by_handle(uow, "@Wonder_Land"))).id == alice.id


async def test_six_people_claiming_one_handle_at_once_leave_one_winner(world: World) -> None:
    people = [await person(world, f"p{n}xx") for n in range(6)]

    async def claim(who: Account) -> bool:
        try:
            await tx(world, lambda uow: accounts.change_handle(uow, who, "prize"))
        except Conflict:
            return False
        return True

    assert sum(await asyncio.gather(*(claim(p) for p in people))) == 1


async def test_profile_settings_are_validated_and_kept(world: World) -> None:
    alice = await person(world, "alice")
    await tx(world, lambda uow: accounts.change_name(uow, alice, "  Alice   Liddell "))
    await tx(world, lambda uow: accounts.change_bio(uow, alice, ""))
    await tx(world, lambda uow: accounts.change_privacy(uow, alice, zone="friends", default="public"))
    kept = await reload(world, alice)
    assert (kept.display_name, kept.bio, kept.zone_visibility, kept.default_visibility) == \
        ("Alice Liddell", "", ZoneVisibility.FRIENDS, Visibility.PUBLIC)
    with pytest.raises(Invalid, match="Zone visibility is one of"):
        await tx(world, lambda uow: accounts.change_privacy(uow, alice, zone="circle"))
    with pytest.raises(Invalid, match="Default visibility is one of"):
        await tx(world, lambda uow: accounts.change_privacy(uow, alice, default="circle"))
    with pytest.raises(Invalid, match="The name is empty"):
        await tx(world, lambda uow: accounts.change_name(uow, alice, "   "))


async def test_revoking_links_moves_the_link_epoch_on(world: World) -> None:
    alice = await person(world, "alice")
    await tx(world, lambda uow: accounts.revoke_links(uow, alice))
    assert (await reload(world, alice)).link_epoch == 1


async def redeem(world: World, current: Account, platform: str, external_id: str, code: str) -> Account:
    return await tx(world, lambda uow: accounts.redeem_link_code(uow, world.clock.now(), current, platform,
                                                                external_id, code))


async def test_a_link_code_joins_a_fresh_identity_to_the_account_once(world: World) -> None:
    alice = await person(world, "alice")
    code = await tx(world, lambda uow: accounts.create_link_code(uow, world.clock.now(), alice))
    fresh, _ = await arrive(world, "telegram", "99", "Alice T")
    linked = await redeem(world, fresh, "telegram", "99", code.lower())
    assert linked.id == alice.id
    assert (await arrive(world, "telegram", "99", "Alice T"))[0].id == alice.id
    assert await tx(world, lambda uow: uow.accounts.get(fresh.id)) is None
    assert [s.event for s in await tx(world, lambda uow: uow.outbox.claim(10))] == [IdentityLinked(alice.id, "telegram")]
    other, _ = await arrive(world, "discord", "5", "Alice D")
    with pytest.raises(Invalid, match="unknown, used or expired"):
        await redeem(world, other, "discord", "5", code)


async def test_a_link_code_expires_after_ten_minutes(world: World) -> None:
    alice = await person(world, "alice")
    code = await tx(world, lambda uow: accounts.create_link_code(uow, world.clock.now(), alice))
    fresh, _ = await arrive(world, "telegram", "99", "Alice T")
    world.clock.advance(minutes=10)
    with pytest.raises(Invalid, match="unknown, used or expired"):
        await redeem(world, fresh, "telegram", "99", code)


async def test_linking_never_abandons_an_account_with_content_nor_links_an_account_to_itself(world: World) -> None:
    alice = await person(world, "alice")
    code = await tx(world, lambda uow: accounts.create_link_code(uow, world.clock.now(), alice))
    with pytest.raises(Conflict, match="already linked to that account"):
        await redeem(world, alice, "console", "alice", code)
    code = await tx(world, lambda uow: accounts.create_link_code(uow, world.clock.now(), alice))
    busy, _ = await arrive(world, "telegram", "99", "Busy")
    await tx(world, lambda uow: posts.create_post(uow, world.clock.now(), busy, "mine", Audience(Visibility.PUBLIC)))
    with pytest.raises(Conflict, match="already has its own posts"):
        await redeem(world, busy, "telegram", "99", code)
    assert (await arrive(world, "telegram", "99", "Busy"))[0].id == busy.id


async def test_one_link_code_redeemed_from_six_messengers_at_once_links_one(world: World) -> None:
    alice = await person(world, "alice")
    code = await tx(world, lambda uow: accounts.create_link_code(uow, world.clock.now(), alice))
    fresh = [(await arrive(world, "discord", str(n), f"D{n}"))[0] for n in range(6)]

    async def attempt(n: int) -> bool:
        try:
            await redeem(world, fresh[n], "discord", str(n), code)
        except Invalid:
            return False
        return True

    assert sum(await asyncio.gather(*(attempt(n) for n in range(6)))) == 1
    linked = [n for n in range(6) if (await arrive(world, "discord", str(n), "x"))[0].id == alice.id]
    assert len(linked) == 1
