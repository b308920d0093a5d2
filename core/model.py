"""Domain values: plain dataclasses, no framework."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from core.errors import Invalid
from core.i18n import N_, _, number
from core.text import clean, visible

HANDLE_RE = re.compile(r"^[a-z0-9_]{3,20}$")
MAX_POST = 2_000
MAX_TITLE = 120
MAX_BLOG = 50_000
MAX_COMMENT = 2_000
MAX_NAME = 64
MAX_BIO = 500
MAX_CIRCLE_NAME = 32
# Words of letters, digits, - and _, one space between them: "family", "Close Friends".
CIRCLE_NAME_RE = re.compile(r"^(?=.{1,32}$)(?=.*[^\W_])[\w\-]+(?: [\w\-]+)*$")
_CIRCLE_KEY_SEP = re.compile(r"[\s_\-]+")


class Visibility(StrEnum):
    """Who a post (or album) is for."""

    PUBLIC = "public"
    FRIENDS = "friends"
    CIRCLE = "circle"
    PRIVATE = "private"


class ZoneVisibility(StrEnum):
    """Who may open a zone at all."""

    PUBLIC = "public"
    FRIENDS = "friends"
    PRIVATE = "private"


class GuestbookAccess(StrEnum):
    """Who may sign a zone's guestbook (`/privacy guestbook …`); nobody signs a zone they can't open."""

    EVERYONE = "everyone"
    FRIENDS = "friends"
    NOBODY = "nobody"


class PostKind(StrEnum):
    POST = "post"
    BLOG = "blog"


class PostStatus(StrEnum):
    """A post's or a comment's moderation state: hidden ones are seen by their author only."""

    ACTIVE = "active"
    HIDDEN = "hidden"
    PENDING = "pending"
    """A comment waiting for the post owner's approval (`/comments ID approve`); never a post's state."""


class CommentPolicy(StrEnum):
    """Who may comment on a post: the owner's choice (`/comments ID …`), kept on the post."""

    OPEN = "open"
    """Everyone who may see the post."""
    FRIENDS = "friends"
    """The owner's friends (and the owner)."""
    CLOSED = "closed"
    """Nobody but the owner."""
    APPROVE = "approve"
    """Everyone who may see it; others' comments wait for the owner's Approve before anyone else sees them."""


@dataclass
class Account:
    id: int
    handle: str
    display_name: str
    bio: str = ""
    default_visibility: Visibility = Visibility.FRIENDS
    default_circle_id: int | None = None
    zone_visibility: ZoneVisibility = ZoneVisibility.PUBLIC
    link_epoch: int = 0
    created_at: datetime | None = None
    language: str | None = None
    """The language they chose (`/lang`): a catalog code such as `en` or `zh_Hans`; None: not chosen."""
    language_hint: str | None = None
    """What their messenger last said they read (mapped to a catalog code), until they choose."""
    suggestable: bool = True
    """Whether /suggest may offer them to others (`/privacy suggest off` says no)."""
    avatar: dict[str, str] | None = None
    """Their face (`/avatar`): the media pipeline's renditions (variant → content key), or None: initials."""
    cover: dict[str, str] | None = None
    """Their zone's cover picture (`/cover`), as `avatar`."""
    guestbook: GuestbookAccess = GuestbookAccess.EVERYONE
    """Who may sign their guestbook (core.privacy.sign_rule)."""


@dataclass(frozen=True)
class Identity:
    platform: str
    external_id: str
    account_id: int
    display_name: str = ""
    reachable: bool = True
    id: int | None = None


@dataclass
class Post:
    id: int
    author_id: int
    body: str
    kind: PostKind = PostKind.POST
    title: str = ""
    visibility: Visibility = Visibility.FRIENDS
    circle_id: int | None = None
    shared_post_id: int | None = None
    status: PostStatus = PostStatus.ACTIVE
    created_at: datetime | None = None
    edited_at: datetime | None = None
    like_count: int = 0
    comment_count: int = 0
    share_count: int = 0
    comment_policy: CommentPolicy = CommentPolicy.OPEN
    body_html: str | None = None
    """`body` as the HTML every reader is shown, rendered when the post was written or its text last changed
    (core.posts.ports.BodyRenderer); None: written without a renderer, or before there was one (shown by rendering)."""


@dataclass(frozen=True)
class Comment:
    """A comment on a post, or on a photo in an album: exactly one of `post_id` and `photo_id` is set."""

    id: int
    post_id: int | None
    author_id: int
    body: str
    parent_id: int | None = None
    created_at: datetime | None = None
    status: PostStatus = PostStatus.ACTIVE
    photo_id: int | None = None

    @property
    def on(self) -> str:
        """What it is on, as chat names it: `#42` (a post) or `p12` (a photo)."""
        return f"p{self.photo_id}" if self.photo_id is not None else f"#{self.post_id}"


@dataclass
class Photo:
    """A photo in an album or on a post (album photos are liked and commented on; a post's go with the post)."""

    id: int
    owner_id: int
    album_id: int | None
    position: int
    width: int
    height: int
    placeholder: str
    files: dict[str, str]
    caption: str = ""
    alt: str = ""
    post_id: int | None = None
    original_key: str | None = None
    created_at: datetime | None = None
    like_count: int = 0


@dataclass(frozen=True)
class Circle:
    id: int
    owner_id: int
    name: str
    member_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class Relation:
    """What a viewer is to an owner — the facts privacy decides on."""

    is_self: bool = False
    is_friend: bool = False
    blocked_by_owner: bool = False
    circle_ids: frozenset[int] = frozenset()
    blocks_owner: bool = False
    """The viewer has blocked the owner (the other way round from `blocked_by_owner`)."""
    requested: bool = False
    """A friend request is waiting between the two, either way."""


def validate_handle(handle: str) -> str:
    handle = clean(handle, multiline=False).lstrip("@").lower()
    if not HANDLE_RE.match(handle):
        raise Invalid(_("A handle is 3–20 characters: lowercase letters, digits and _ (e.g. alice_92)."))
    return handle


# What `validate_text` may name (`what=`), marked here so each is translated where the error is worded.
TEXT_NAMES = (
    N_("post"), N_("title"), N_("blog body"), N_("comment"), N_("reply"), N_("remark"), N_("name"), N_("bio"),
    N_("description"), N_("question"), N_("answer"), N_("caption"), N_("alt text"),
)


def validate_text(text: str, *, what: str, limit: int, allow_empty: bool = False, multiline: bool = True) -> str:
    """User text as core keeps it: cleaned (core.text), refused when empty or too long.

    `multiline=False` is for names and titles: every run of whitespace becomes one space.
    `what` names the text in English (one of TEXT_NAMES); the error words it in the reader's language.
    """
    cleaned = clean(text, multiline=multiline)
    if not visible(cleaned):
        if allow_empty:
            return ""
        if text.strip():
            raise Invalid(_("The {what} has only invisible or control characters — "
                            "write some letters, digits or emoji.").format(what=_(what)))
        raise Invalid(_("The {what} is empty — write something after the command.").format(what=_(what)))
    text = cleaned
    if len(text) > limit:
        raise Invalid(_("The {what} is {n} characters; the limit is {limit}.").format(
            what=_(what), n=number(len(text)), limit=number(limit)))
    return text


def validate_circle_name(name: str) -> str:
    name = clean(name, multiline=False).lstrip("@").strip()
    if not CIRCLE_NAME_RE.match(name):
        raise Invalid(_("A circle name is 1–32 letters, digits, spaces, - or _ (e.g. family, Close Friends)."))
    return name


def circle_key(name: str) -> str:
    """What names one circle however it is typed: `Close Friends`, `close friends`, `close-friends`."""
    return _CIRCLE_KEY_SEP.sub("-", name.casefold()).strip("-")
