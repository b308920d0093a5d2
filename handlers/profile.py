"""Start, help, one's profile, privacy settings, linking messengers and zone links."""

from __future__ import annotations

from chat.messages import Button, Reply, b, code, link, plain, reply
from core import privacy
from core.accounts import service as accounts
from core.model import Account, Visibility, ZoneVisibility
from core.moderation import actions as moderation
from core.moderation.model import Role
from core.posts.service import count_visible, zone_posts
from core.social import friends
from handlers import help_topics
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import who
from handlers.registry import AUDIENCE_CHOICES, CommandGroup, Param

commands = CommandGroup()
ZONE_CHOICES = ("public", "friends", "private")


@commands.command("start", "Welcome and your zone at a glance")
async def start(ctx: Context) -> Reply:
    a = ctx.account
    greeting = "Welcome to OpenZone" if ctx.account_is_new else "Welcome back"
    default = a.default_visibility
    return reply(
        b(f"{greeting}, {a.display_name}!\n"),
        f"Your handle is @{a.handle} (change it with /handle). Your zone: ",
        link(ctx.zone_url(a), ctx.zone_url(a)),
        f"\n\nYour zone is {ZONE_WORDS[a.zone_visibility]}. A /post goes to {AUDIENCE_WORDS[default]} "
        f"unless you name an audience ({default.value} is your default; /privacy changes it).",
        *_cap_warning(a),
        f"\n\nTry: /post {'friends' if default is Visibility.PUBLIC else 'public'} hello world · /friend HANDLE · "
        "/feed · /help",
        personal=True,
    )


AUDIENCE_WORDS = {Visibility.PUBLIC: "everyone", Visibility.FRIENDS: "your friends", Visibility.CIRCLE: "a circle",
                  Visibility.PRIVATE: "only you"}
ZONE_WORDS = {ZoneVisibility.PUBLIC: "open to everyone", ZoneVisibility.FRIENDS: "open to your friends only",
              ZoneVisibility.PRIVATE: "closed to everyone but you"}


def _cap_warning(a: Account) -> list[str]:
    """A warning when the zone keeps default posts from reaching the audience they name."""
    cap = privacy.zone_caps(a.default_visibility, a.zone_visibility)
    if cap is None:
        return []
    reach = "your friends" if cap is ZoneVisibility.FRIENDS else "you"
    return [f"\n⚠️ Your zone is {ZONE_WORDS[cap]}, so posts for {a.default_visibility.value} reach only {reach}."]


@commands.command("help", "Commands by topic, or how one command works",
                  Param("command", "word", "a topic (posts, friends…) or a command", required=False,
                        label="topic or command"))
async def help_command(ctx: Context) -> Reply:
    registry = ctx.services.registry
    role = (await moderation.role_of(ctx.uow, ctx.services.admins, ctx.account)).value
    raw = (ctx.args.get("command") or "").lower()
    name = raw.lstrip("/")
    if not name:
        return help_topics.overview(registry, role)
    if name == raw and name in registry.topics and (answer := help_topics.topic(registry, name, role)) is not None:
        return answer  # `/help posts` is the topic; `/help /posts` the command
    return help_topics.command(registry, name, role)


@commands.command("me", "Your profile and settings")
async def me(ctx: Context) -> Reply:
    a = ctx.account
    ids = await ctx.uow.accounts.identities(a.id)
    fr = await friends.friends_of(ctx.uow, a)
    posts = await count_visible(ctx.uow, ctx.viewer, a)
    role = await moderation.role_of(ctx.uow, ctx.services.admins, a)
    return reply(
        b(who(a) + "\n"),
        f"Role: {role.value} — /help mod lists your commands.\n" if role is not Role.USER else "",
        (a.bio + "\n") if a.bio else "",
        f"Posts: {posts} · Friends: {len(fr)}\n",
        f"Zone: {a.zone_visibility.value} · New posts default to: {a.default_visibility.value}\n",
        "Linked: " + ", ".join(sorted({i.platform for i in ids})) + "\n",
        link("Open your zone", ctx.zone_url(a)),
        personal=True,
    )


@commands.command("name", "Set your display name", Param("name", "text", "what people see"))
async def name(ctx: Context) -> Reply:
    a = await accounts.change_name(ctx.uow, ctx.account, ctx.args["name"])
    return reply(f"Your name is now {a.display_name}.")


@commands.command("bio", "Set the bio on your zone", Param("text", "text", "a line or two about you", required=False))
async def bio(ctx: Context) -> Reply:
    a = await accounts.change_bio(ctx.uow, ctx.account, ctx.args.get("text", ""))
    return reply("Bio updated." if a.bio else "Bio cleared.")


@commands.command("handle", "Change your @handle", Param("new", "word", "3–20 of a-z, 0-9, _", label="new handle"))
async def handle(ctx: Context) -> Reply:
    before = ctx.account.handle
    a = await accounts.change_handle(ctx.uow, ctx.account, ctx.args["new"])
    if a.handle == before:
        return reply(f"You are @{a.handle} already. /handle NEW HANDLE picks another.")
    return reply(f"You are now @{a.handle}.")


@commands.command(
    "privacy", "Who sees your zone, and the default audience of new posts",
    Param("zone", "choice", "who can open your zone", required=False, choices=ZONE_CHOICES, keyword=True),
    Param("default", "choice", "audience of new posts", required=False, choices=AUDIENCE_CHOICES, keyword=True),
)
async def privacy_settings(ctx: Context) -> Reply:
    zone, default = ctx.args.get("zone"), ctx.args.get("default")
    a = ctx.account
    if zone or default:
        a = await accounts.change_privacy(ctx.uow, a, zone=zone, default=default)
    return reply(
        f"Zone: {a.zone_visibility.value} — who can open your zone.\n",
        f"Default: {a.default_visibility.value} — who sees a /post with no audience.",
        *_cap_warning(a),
        "\nChange: /privacy zone public|friends|private · /privacy default public|friends|private",
        personal=True,
    )


@commands.command("link", "Link another messenger to this account",
                  Param("code", "word", "code from /link", required=False, rest_of_line=True))
async def link_messenger(ctx: Context) -> Reply:
    code_arg = ctx.args.get("code")
    if not code_arg:
        c = await accounts.create_link_code(ctx.uow, ctx.now, ctx.account)
        return reply(
            "Send this on your other messenger within 10 minutes:\n", code(f"/link {c}"),
            "\nThe code works once.", personal=True,
        )
    s = ctx.incoming.sender
    target = await accounts.redeem_link_code(ctx.uow, ctx.now, ctx.account, s.platform, s.external_id, code_arg)
    ctx.account = target
    return reply(f"Linked! This {s.platform} identity is now @{target.handle}.", personal=True)


@commands.command("zone", "Your web link to a zone (/zone revoke cancels all your links)",
                  Param("handle", "handle", "whose zone (default: yours), or revoke", required=False))
async def zone(ctx: Context) -> Reply:
    if ctx.args.get("handle") == "revoke":
        await accounts.revoke_links(ctx.uow, ctx.account)
        return reply("Done: every zone link, web session and feed link you were given stops working. "
                     "/zone gives you a fresh one.", personal=True)
    owner = await ctx.target(ctx.args["handle"]) if ctx.args.get("handle") else ctx.account
    if not await friends.can_open_zone(ctx.uow, ctx.viewer, owner):
        return reply(f"@{owner.handle}'s zone is not open to you.", personal=True)
    url = ctx.zone_url(owner)
    posts = await zone_posts(ctx.uow, ctx.viewer, owner, limit=1)
    latest = f"\nLatest: #{posts[0].post.id}" if posts else ""
    feed = ctx.services.feed_url(ctx.account, owner, ctx.now)
    return Reply(
        spans=(plain(f"{who(owner)}'s zone (this link is yours — it shows what you may see; don't share it):\n"),
               link(url, url), plain(latest), plain("\nAtom feed: "), link(feed, feed)),
        buttons=((Button("🔗 Open zone", url=url),),), personal=True,
    )


feature = Feature("profile", "You, your zone and your settings", commands, topic="account")

__all__ = ["feature"]
