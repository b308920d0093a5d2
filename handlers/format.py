"""How posts, comments and people look in chat: one place for every messenger."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from chat.messages import Button, Face, Image, Reply, Span, b, full_width, i, plain
from chat.sending import clip
from core import i18n
from core.i18n import N_, _
from core.model import Account, PostKind, PostStatus, Visibility
from core.posts.comments import CommentView
from core.posts.model import PostView

# Translated where shown: `_(VIS_ICON[v])` (or `audience_icon(v)`).
VIS_ICON = {
    Visibility.PUBLIC: N_("🌍 public"),
    Visibility.FRIENDS: N_("👥 friends"),
    Visibility.CIRCLE: N_("⭕ some friends"),  # what a circle's members see; its author sees its name
    Visibility.PRIVATE: N_("🔒 only me"),
}
PREVIEW = 600
SNIPPET = 200  # how much of a post or comment a notice or a report card quotes


def snip(text: str) -> str:
    """The start of a text as a notice quotes it (whole characters: Chinese and emoji too)."""
    return clip(text, SNIPPET)


def one_line(text: str) -> str:
    """A message's lines as one line: joined by a space, but none after full-width punctuation ("评论了 #1：好").

    A full-width mark (。，：) carries its own space in Chinese typography; a space after it reads as a gap."""
    out = ""
    for line in (" ".join(line.split()) for line in text.splitlines()):
        if line:
            out += line if not out or _full_width_mark(out[-1]) else " " + line
    return out


def _full_width_mark(char: str) -> bool:
    return full_width(char) and unicodedata.category(char).startswith("P")


def who(account: Account) -> str:
    return f"{account.display_name} (@{account.handle})"


def ago(then: datetime | None, now: datetime) -> str:
    """How long ago, in the reader's language: "just now", "3 minutes ago", "3分钟前"."""
    if then is None:
        return ""
    return i18n.ago(max(now - then, timedelta(0)))


def keyword_word(word: str, keyword: str) -> str:
    """A setting in the reader's words with the keyword they type for it: `friends`, `仅好友（friends）`.

    `word` is already translated; where it is the keyword itself (English) it shows once."""
    # TRANSLATORS: a setting in your words, then the English keyword typed to choose it: 仅好友（friends）.
    return keyword if word == keyword else _("{word} ({keyword})").format(word=word, keyword=keyword)


def audience_icon(visibility: Visibility) -> str:
    return _(VIS_ICON[visibility])


def audience_label(view: PostView) -> str:
    """Who a post is for, as a card shows it: `🌍 public`, `⭕ family` (to the circle's owner)."""
    if view.post.visibility is Visibility.CIRCLE and view.circle_name:
        return f"⭕ {view.circle_name}"
    return audience_icon(view.post.visibility)


def post_spans(view: PostView, now: datetime, *, full: bool = False) -> list[Span]:
    """The post's text, first line `#ID · author · audience · age` (replies to it comment on it)."""
    p = view.post
    head = f"#{p.id} · {who(view.author)} · {audience_label(view)} · {ago(p.created_at, now)}"
    if p.edited_at:
        head += " · " + _("edited")
    spans: list[Span] = [plain(head + "\n")]
    if p.kind is PostKind.BLOG:
        spans.append(b(f"📖 {p.title}\n"))
    body = p.body if full else clip(p.body, PREVIEW)
    if body:
        spans.append(plain(body + "\n"))
    if view.shared is not None:
        o = view.shared
        spans.append(i(_("↻ shared #{id} by @{handle}:").format(id=o.post.id, handle=o.author.handle) + "\n"))
        if o.post.kind is PostKind.BLOG:
            spans.append(b(f"📖 {o.post.title}\n"))
        text = clip(o.post.body, PREVIEW)
        spans.append(plain("  " + text.replace("\n", "\n  ") + "\n"))
    elif view.shared_missing:
        spans.append(i(_("↻ shared a post you can't see.") + "\n"))
    spans.append(plain(f"👍 {p.like_count}   💬 {p.comment_count}" + (f"   ↻ {p.share_count}" if p.share_count else "")))
    return spans


LINE_PREVIEW = 120


def post_list_spans(views: list[PostView], now: datetime) -> list[Span]:
    """A page of posts as one compact message: per post its `#ID · author · audience · age · counts`
    line and the start of its text (`/show ID` opens one in full)."""
    spans: list[Span] = []
    for view in views:
        p = view.post
        counts = f"👍 {p.like_count}   💬 {p.comment_count}"  # as on a card
        spans.append(b(f"#{p.id}"))
        spans.append(plain(f" · {who(view.author)} · {audience_label(view)} · {ago(p.created_at, now)} · {counts}\n"))
        text = f"📖 {p.title}" if p.kind is PostKind.BLOG else p.body
        if view.shared is not None:
            text = (text + " " if text else "") + _("↻ #{id} by @{handle}").format(
                id=view.shared.post.id, handle=view.shared.author.handle)
        text = " ".join(text.split())
        if text:
            spans.append(plain(clip(text, LINE_PREVIEW) + "\n"))
        spans.append(plain("\n"))
    return spans


def like_toggle(view: PostView) -> Button:
    """Like (or Unlike) named by the post's number: one of several in a list, or the one a press flips."""
    return like_button(view.post.id, view.liked)


def like_button(pid: int, liked: bool) -> Button:
    if liked:
        return Button(_("👎 Unlike #{id}").format(id=pid), f"unlike:{pid}")
    return Button(_("👍 Like #{id}").format(id=pid), f"like:{pid}")


def post_buttons(view: PostView, zone_url: str | None, viewer_id: int | None = None) -> tuple[tuple[Button, ...], ...]:
    """Like, comment, report — and the zone, unless the card is one of a list (`zone_buttons` ends those)."""
    pid = view.post.id
    like = Button(_("👎 Unlike"), f"unlike:{pid}") if view.liked else Button(_("👍 Like"), f"like:{pid}")
    row = (like, Button(_("💬 Comment"), f"cmt:{pid}"))
    if zone_url is not None:
        row += (Button(_("🔗 Zone"), url=zone_url),)
    if viewer_id is not None and viewer_id != view.post.author_id:  # one's own post is deleted, not reported
        row += (Button(_("🚩 Report"), f"rep:{pid}"),)
    return (row,)


def post_reply(view: PostView, now: datetime, zone_url: str | None, *, full: bool = False, personal: bool = False,
               viewer_id: int | None = None, note: str = "", images: tuple[Image, ...] = (),
               face: Face | None = None) -> Reply:
    """A post's card; `note` is said after its counts (e.g. "Posted #3 to friends.", which Discord shows beside it)."""
    spans = post_spans(view, now, full=full)
    if note:
        spans.append(plain("\n" + note))
    return Reply(spans=tuple(spans), buttons=post_buttons(view, zone_url, viewer_id), images=images,
                 post_id=view.post.id, personal=personal, face=face)


ZONES_PER_ROW = 3


def zone_buttons(zones: list[tuple[Account, str]], named: bool = False) -> tuple[tuple[Button, ...], ...]:
    """One web link per zone a list of posts came from, for the message that ends the list.

    A zone's own listing may call its one link just Zone; a list that is no zone's (`named`: the feed) names
    every zone, else a link to a friend's zone reads as the reader's own."""
    named = named or len(zones) > 1
    buttons = [Button(_("🔗 {name}'s zone").format(name=a.display_name) if named else _("🔗 Zone"), url=url)
               for a, url in zones]
    return tuple(tuple(buttons[i:i + ZONES_PER_ROW]) for i in range(0, len(buttons), ZONES_PER_ROW))


def _hidden(view: CommentView) -> str:
    # Only its author is shown a hidden comment (core.privacy.comment_rule): say why no one else sees it.
    if view.comment.status is PostStatus.PENDING:  # its writer's own, waiting for the post owner
        return " · " + _("⏳ waiting for the owner's approval")
    return " · " + _("🙈 hidden by a moderator") if view.comment.status is PostStatus.HIDDEN else ""


def comment_spans(threads: list[CommentView], now: datetime) -> list[Span]:
    spans: list[Span] = []
    for t in threads:
        spans += [b(f"c{t.comment.id} {who(t.author)}"),
                  plain(f" · {ago(t.comment.created_at, now)}{_hidden(t)}\n{t.comment.body}\n")]
        for r in t.replies:
            spans += [plain("  ↳ "), b(f"c{r.comment.id} {who(r.author)}"),
                      plain(f" · {ago(r.comment.created_at, now)}{_hidden(r)}\n  {r.comment.body}\n")]
    return spans


def people(accounts: list[Account], empty: str) -> list[Span]:
    if not accounts:
        return [plain(empty)]
    return [plain("• " + who(a) + "\n") for a in accounts]
