"""/notifications: your latest notifications, what is unread among them, and then all read."""

from __future__ import annotations

from chat.messages import Reply, reply
from core import i18n, notifications
from core.i18n import N_, _, ngettext
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import one_line, snip
from handlers.notices import render
from handlers.registry import CommandGroup

commands = CommandGroup()
UNREAD, READ = "🔵", "▫️"


@commands.command("notifications", N_("Your latest notifications (what is unread is marked), then all read"),
                  aliases=("notices",))
async def notifications_cmd(ctx: Context) -> Reply:
    found = await notifications.latest(ctx.uow, ctx.account)
    lines: list[str] = []
    unread = 0  # what is marked 🔵 below: the header counts exactly that
    for entry in found.entries:
        payload = await render(ctx.uow, entry.event, ctx.account)  # worded now, in the reader's language
        if payload is None:
            continue
        said = one_line(Reply.from_dict(payload).plain_text)
        unread += entry.unread
        lines.append(f"{UNREAD if entry.unread else READ} {i18n.ago(ctx.now - entry.at)} · {snip(said)}\n")
    await notifications.mark_read(ctx.uow, ctx.now, ctx.account, found.newest_id)
    if not lines:
        return reply(_("No notifications yet: likes, comments, friend requests and more show here."), personal=True)
    head = (ngettext("🔔 Your latest notifications ({n} unread, now read):\n",
                     "🔔 Your latest notifications ({n} unread, now read):\n", unread).format(n=unread)
            if unread else _("🔔 Your latest notifications (nothing unread):\n"))
    return reply(head, *lines, personal=True)


feature = Feature("notifications", N_("Your notifications"), commands, topic="account")

__all__ = ["feature"]
