"""Start, help, one's profile, privacy settings, linking messengers and zone links."""

from __future__ import annotations

from chat.messages import Button, Reply, b, code, fill, link, plain, reply
from core import i18n, privacy
from core.accounts import service as accounts
from core.i18n import N_, _
from core.model import Account, GuestbookAccess, Visibility, ZoneVisibility
from core.moderation import actions as moderation
from core.moderation.model import Role
from core.posts.model import audience_word
from core.posts.reading import count_visible, zone_posts
from core.social import friends
from handlers import help_topics
from handlers.context import Context
from handlers.feature import Feature
from handlers.format import keyword_word, who
from handlers.pictures import face_of
from handlers.registry import AUDIENCE_CHOICES, CommandGroup, Param

commands = CommandGroup()
ZONE_CHOICES = ("public", "friends", "private")
ON_OFF = ("on", "off")
GUESTBOOK_CHOICES = ("everyone", "friends", "nobody")


@commands.command("start", N_("Welcome and your zone at a glance"))
async def start(ctx: Context) -> Reply:
    a = ctx.account
    greeting = _("Welcome to OpenZone, {name}!") if ctx.account_is_new else _("Welcome back, {name}!")
    default = a.default_visibility
    url = ctx.zone_url(a)
    posts_go = _(POSTS_GO_TO[default]).format(default=_audience(default, typed=True))
    return reply(
        b(greeting.format(name=a.display_name) + "\n"),
        *fill(_("Your handle is @{handle} (change it with /handle). Your zone: {link}"), handle=a.handle,
              link=link(url, url)),
        # TRANSLATORS: two sentences, one after the other.
        "\n\n" + _("{sentence} {next}").format(sentence=_(ZONE_IS[a.zone_visibility]), next=posts_go),
        *_cap_warning(a),
        "\n\n" + _("Try: /post {audience} hello world · /friend HANDLE · /feed · /help").format(
            audience="friends" if default is Visibility.PUBLIC else "public"),
        "\n" + hint if (hint := await _language_hint(ctx)) else "",
        personal=True,
    )


# A zone's setting in a sentence (the same words as a post's audience: "仅好友").
ZONE_WORDS = {ZoneVisibility.PUBLIC: N_("public"), ZoneVisibility.FRIENDS: N_("friends"),
              ZoneVisibility.PRIVATE: N_("private")}


def _zone(zone: ZoneVisibility, *, typed: bool) -> str:
    """The zone setting in the reader's words (`typed`: with the keyword that chooses it)."""
    return keyword_word(_(ZONE_WORDS[zone]), zone.value) if typed else _(ZONE_WORDS[zone])


def _audience(default: Visibility, *, typed: bool) -> str:
    """A post audience in the reader's words (`typed`: with the keyword that chooses it)."""
    return keyword_word(audience_word(default), default.value) if typed else audience_word(default)


# Whole sentences, one per setting: a translation words each as it reads best.
ZONE_IS = {ZoneVisibility.PUBLIC: N_("Your zone is open to everyone."),
           ZoneVisibility.FRIENDS: N_("Your zone is open to your friends only."),
           ZoneVisibility.PRIVATE: N_("Your zone is closed to everyone but you.")}
POSTS_GO_TO = {
    Visibility.PUBLIC: N_("A /post goes to everyone unless you name an audience ({default} is your default; "
                          "/privacy changes it)."),
    Visibility.FRIENDS: N_("A /post goes to your friends unless you name an audience ({default} is your default; "
                           "/privacy changes it)."),
    Visibility.CIRCLE: N_("A /post goes to a circle unless you name an audience ({default} is your default; "
                          "/privacy changes it)."),
    Visibility.PRIVATE: N_("A /post goes to only you unless you name an audience ({default} is your default; "
                           "/privacy changes it)."),
}


def _cap_warning(a: Account) -> list[str]:
    """A warning when the zone keeps default posts from reaching the audience they name."""
    cap = privacy.zone_caps(a.default_visibility, a.zone_visibility)
    if cap is None:
        return []
    if cap is ZoneVisibility.FRIENDS:
        text = _("⚠️ Your zone is open to your friends only, so posts for {audience} reach only your friends.")
    else:
        text = _("⚠️ Your zone is closed to everyone but you, so posts for {audience} reach only you.")
    return ["\n" + text.format(audience=_audience(a.default_visibility, typed=False))]


def language_line(ctx: Context) -> str:
    """The language this person reads, and how to change it (in every other language's own name)."""
    others = " · ".join(f"/lang {lang.short} ({lang.name})" for lang in ctx.services.languages.all
                        if lang.code != ctx.language.code)
    if ctx.account.language:
        text = _("🌐 Language: {language} — /lang changes it: {choices}")
    else:
        text = _("🌐 Language: {language} (your messenger's) — /lang changes it: {choices}")
    return text.format(language=ctx.language.name, choices=others or "/lang")


async def _language_hint(ctx: Context) -> str:
    """The language line as a hint on /start and /help: the first time only, for each person.

    Claimed with one insert-or-ignore in this message's transaction, so two messages at once
    (two processes, two messengers) show it once between them; /me always names the language."""
    claimed = await ctx.uow.state.add_once(f"hint:lang:{ctx.account.id}", None)
    return language_line(ctx) if claimed else ""


@commands.command("help", N_("Commands by topic, or how one command works"),
                  Param("command", "word", N_("a topic (posts, friends…) or a command"), required=False,
                        label=N_("topic or command"), rest_of_line=True))
async def help_command(ctx: Context) -> Reply:
    registry = ctx.services.registry
    role = (await moderation.role_of(ctx.uow, ctx.services.admins, ctx.account)).value
    raw = " ".join((ctx.args.get("command") or "").lower().split())  # `/help mod ban` explains a subcommand
    name = raw.lstrip("/")
    if not name:
        return help_topics.overview(registry, role, await _language_hint(ctx))
    if name == raw and name in registry.topics and (answer := help_topics.topic(registry, name, role)) is not None:
        return answer  # `/help posts` is the topic; `/help /posts` the command
    return help_topics.command(registry, name, role)


@commands.command("me", N_("Your profile and settings"))
async def me(ctx: Context) -> Reply:
    a = ctx.account
    ids = await ctx.uow.accounts.identities(a.id)
    fr = await friends.friends_of(ctx.uow, a)
    posts = await count_visible(ctx.uow, ctx.viewer, a)
    role = await moderation.role_of(ctx.uow, ctx.services.admins, a)
    return reply(
        b(who(a) + "\n"),
        _(ROLE_LINES[role]) + "\n" if role in ROLE_LINES else "",
        (a.bio + "\n") if a.bio else "",
        _("Posts: {posts} · Friends: {friends}").format(posts=i18n.number(posts), friends=i18n.number(len(fr))) + "\n",
        _("Zone: {zone} · New posts default to: {default}").format(
            zone=_zone(a.zone_visibility, typed=False), default=_audience(a.default_visibility, typed=False)) + "\n",
        _("Linked: {messengers}").format(messengers=", ".join(sorted({i.platform for i in ids}))) + "\n",
        language_line(ctx) + "\n",
        link(_("Open your zone"), ctx.zone_url(a)),
        face=await face_of(ctx, a, personal=True), personal=True,
    )


ROLE_LINES = {Role.MODERATOR: N_("Role: moderator — /help mod lists your commands."),
              Role.ADMIN: N_("Role: admin — /help mod lists your commands.")}


@commands.command("name", N_("Set your display name"), Param("name", "text", N_("what people see")))
async def name(ctx: Context) -> Reply:
    a = await accounts.change_name(ctx.uow, ctx.account, ctx.args["name"])
    return reply(_("Your name is now {name}.").format(name=a.display_name))


@commands.command("bio", N_("Set the bio on your zone"),
                  Param("text", "text", N_("a line or two about you"), required=False))
async def bio(ctx: Context) -> Reply:
    a = await accounts.change_bio(ctx.uow, ctx.account, ctx.args.get("text", ""))
    return reply(_("Bio updated.") if a.bio else _("Bio cleared."))


@commands.command("handle", N_("Change your @handle"),
                  Param("new", "word", N_("3–20 of a-z, 0-9, _"), label=N_("new handle")))
async def handle(ctx: Context) -> Reply:
    before = ctx.account.handle
    a = await accounts.change_handle(ctx.uow, ctx.account, ctx.args["new"])
    if a.handle == before:
        return reply(_("You are @{handle} already. /handle NEW HANDLE picks another.").format(handle=a.handle))
    return reply(_("You are now @{handle}.").format(handle=a.handle))


@commands.command(
    "privacy", N_("Who sees your zone, the default audience of new posts, who signs your guestbook"),
    Param("zone", "choice", N_("who can open your zone"), required=False, choices=ZONE_CHOICES, keyword=True),
    Param("default", "choice", N_("audience of new posts"), required=False, choices=AUDIENCE_CHOICES, keyword=True),
    Param("suggest", "choice", N_("whether /suggest may offer you to others"), required=False, choices=ON_OFF,
          keyword=True),
    Param("guestbook", "choice", N_("who can sign your guestbook"), required=False, choices=GUESTBOOK_CHOICES,
          keyword=True),
)
async def privacy_settings(ctx: Context) -> Reply:
    zone, default, suggest = ctx.args.get("zone"), ctx.args.get("default"), ctx.args.get("suggest")
    book = ctx.args.get("guestbook")
    a = ctx.account
    if zone or default or suggest or book:
        a = await accounts.change_privacy(ctx.uow, a, zone=zone, default=default,
                                          suggest=None if suggest is None else suggest == "on", guestbook=book)
    return reply(
        _("Zone: {zone} — who can open your zone.").format(zone=_zone(a.zone_visibility, typed=True)) + "\n",
        _("Default: {default} — who sees a /post with no audience.").format(
            default=_audience(a.default_visibility, typed=True)),
        # Whole sentences: a translation names on/off in its words with the keyword ("开（on）").
        "\n" + (_("Suggest: on — /suggest may offer you to friends of your friends.") if a.suggestable
                else _("Suggest: off — /suggest offers you to nobody.")),
        "\n" + _(GUESTBOOK_IS[a.guestbook]),
        *_cap_warning(a),
        "\n" + _("Change: /privacy zone public|friends|private · /privacy default public|friends|private"
                 " · /privacy suggest on|off")
        + "\n" + _("Guestbook: /privacy guestbook everyone|friends|nobody"),
        personal=True,
    )


# Whole sentences, one per setting: a translation names the setting in its words with the keyword
# that chooses it ("所有人（everyone）"), as "Zone:" and "Default:" show theirs (keyword_word).
GUESTBOOK_IS = {
    GuestbookAccess.EVERYONE: N_("Guestbook: everyone — everyone your zone is open to can sign it."),
    GuestbookAccess.FRIENDS: N_("Guestbook: friends — only your friends can sign it."),
    GuestbookAccess.NOBODY: N_("Guestbook: nobody — it takes no new entries."),
}


@commands.command("link", N_("Link another messenger to this account"),
                  Param("code", "word", N_("code from /link"), required=False, rest_of_line=True))
async def link_messenger(ctx: Context) -> Reply:
    code_arg = ctx.args.get("code")
    if not code_arg:
        c = await accounts.create_link_code(ctx.uow, ctx.now, ctx.account)
        return reply(
            _("Send this on your other messenger within 10 minutes:") + "\n", code(f"/link {c}"),
            "\n" + _("The code works once."), personal=True,
        )
    s = ctx.incoming.sender
    target = await accounts.redeem_link_code(ctx.uow, ctx.now, ctx.account, s.platform, s.external_id, code_arg)
    ctx.account = target
    return reply(_("Linked! This {messenger} identity is now @{handle}.").format(messenger=s.platform, handle=target.handle),
                 personal=True)


@commands.command("zone", N_("Your web link to a zone (/zone revoke cancels all your links)"),
                  Param("handle", "handle", N_("whose zone (default: yours), or revoke"), required=False))
async def zone(ctx: Context) -> Reply:
    if ctx.args.get("handle") == "revoke":
        await accounts.revoke_links(ctx.uow, ctx.account)
        return reply(_("Done: every zone link, web session and feed link you were given stops working. "
                       "/zone gives you a fresh one."), personal=True)
    owner = await ctx.target(ctx.args["handle"]) if ctx.args.get("handle") else ctx.account
    if not await friends.can_open_zone(ctx.uow, ctx.viewer, owner):
        return reply(_("@{handle}'s zone is not open to you.").format(handle=owner.handle), personal=True)
    url = ctx.zone_url(owner)
    posts = await zone_posts(ctx.uow, ctx.viewer, owner, limit=1)
    latest = "\n" + _("Latest: #{id}").format(id=posts[0].post.id) if posts else ""
    feed = ctx.services.feed_url(ctx.account, owner, ctx.now)
    return Reply(
        spans=(plain(_("{who}'s zone (this link is yours — it shows what you may see; don't share it):").format(
                   who=who(owner)) + "\n"),
               link(url, url), plain(latest), plain("\n"), *fill(_("Atom feed: {link}"), link=link(feed, feed))),
        buttons=((Button(_("🔗 Open zone"), url=url),),), personal=True,
        face=await face_of(ctx, owner, personal=True),
    )


feature = Feature("profile", N_("You, your zone and your settings"), commands, topic="account")

__all__ = ["feature"]
