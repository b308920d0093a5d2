"""Which post a bot message shows, for messengers whose reaction events name only the message.

Telegram's `message_reaction` update carries a chat and a message id, none of the message's text,
and the Bot API can't fetch a message. So the post a sent card shows is written to the database's
keyed state (the port flows and pending gifts use too): a reaction on a card sent before a
restart, or by another process, still finds its post. The note rides on the next transaction
(handlers.bookkeeping): a card costs no commit of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from handlers.context import Services

CARD_TTL = timedelta(days=30)  # reactions on older cards are taken for nothing


def _key(platform: str, where: str) -> str:
    return f"card:{platform}:{where}"


def remember_cards(services: Services, platform: str, messages: Iterable[str], post_id: int | None) -> None:
    """Note that each of `messages` (the messenger's own message address) shows post `post_id`.

    Written with the next transaction (`Services.bookkeeping`), not in one of its own."""
    if post_id is None:
        return
    expires = services.clock.now() + CARD_TTL
    for message in messages:
        services.bookkeeping.put(_key(platform, message), {"post": post_id}, expires)


async def card_post(services: Services, platform: str, message: str) -> int | None:
    """The post a bot message shows, if it is a remembered card."""
    key, now = _key(platform, message), services.clock.now()
    found = services.bookkeeping.get(key, now)
    if found is None:
        async with services.uow_factory() as uow:
            found = await uow.state.get(key, now)
    return int(found["post"]) if found else None


__all__ = ["CARD_TTL", "card_post", "remember_cards"]
