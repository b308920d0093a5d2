"""Every address of the web view in one place: the route patterns aiohttp matches and the paths pages link to."""

from __future__ import annotations

from yarl import URL

ZONES = "/z/"
FEED_FILE = "/feed.atom"
THEMES_DIR = "/themes/"
MUSIC_DIR = THEMES_DIR + "music/"

_ID = "[0-9]{1,18}"
HANDLE = r"{handle:[A-Za-z0-9_]{1,32}}"
ITEM = r"{item:[a-z][a-z0-9_]{1,23}}"

HOME = "/"
HEALTHZ = "/healthz"
READYZ = "/readyz"
METRICS = "/metrics"
STATIC = "/static/{name}"
ZONE = f"{ZONES}{HANDLE}"
BLOG = f"{ZONE}/blog"
FRIENDS = f"{ZONE}/friends"
FEED = f"{ZONE}{FEED_FILE}"
POST = f"{ZONE}/p/{{post_id:{_ID}}}"
LIKE = f"{POST}/like"
COMMENT = f"{POST}/comment"
COMMENT_DELETE = f"{POST}/c/{{comment_id:{_ID}}}/delete"
GUESTBOOK = f"{ZONE}/guestbook"
ENTRY_REPLY = f"{GUESTBOOK}/{{entry_id:{_ID}}}/reply"
ENTRY_DELETE = f"{GUESTBOOK}/{{entry_id:{_ID}}}/delete"
ALBUMS = f"{ZONE}/albums"
ALBUM = f"{ALBUMS}/{{album_id:{_ID}}}"
PHOTO = f"{ZONE}/photos/{{photo_id:{_ID}}}"
PHOTO_LIKE = f"{PHOTO}/like"
PHOTO_COMMENT = f"{PHOTO}/comment"
PHOTO_COMMENT_DELETE = f"{PHOTO}/c/{{comment_id:{_ID}}}/delete"
MEDIA = f"/media/p/{{photo_id:{_ID}}}/" + r"{variant:(320|1280)\.(webp|jpg)}"
VISITORS = f"{ZONE}/visitors"
PICTURE = f"/media/u/{HANDLE}/" + r"{which:avatar|cover}/{variant:(320|1280)\.(webp|jpg)}"
SHOP = "/shop"
PREVIEW = f"/shop/preview/{ITEM}"
PREVIEW_PNG = f"{PREVIEW}.png"
THEME_SHEET = THEMES_DIR + r"{name:[A-Za-z0-9_.]{1,80}\.css}"
MUSIC = MUSIC_DIR + r"{file:[a-z0-9_\-]{1,60}\.wav}"
LANG_PARAM = "lang"
"""`?lang=zh` on any page: the language switch (adapters.web.reader)."""


def in_zone(path: str) -> bool:
    """Whether `path` is one of a zone's pages (or its feed)."""
    return path.startswith(ZONES)


def is_feed(path: str) -> bool:
    return in_zone(path) and path.endswith(FEED_FILE)


def theme_sheet(name: str) -> str:
    return THEMES_DIR + name


def music_file(file: str) -> str:
    return MUSIC_DIR + file


def static(name: str) -> str:
    return "/static/" + name


def same_site(path: str | None) -> str:
    """`path` if it is a path on this site (where a redirect may send people), else the start page.

    Never another site: no scheme or host, no `//host` or `/\\host` (browsers read both as another host).
    """
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return HOME
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return HOME
    parsed = URL(path)
    return path if not parsed.is_absolute() and not parsed.scheme else HOME


class Paths:
    """The paths pages link to. The bot's signed links to a zone are built with them too: the
    composition root hands this to `handlers.Services.links` (handlers.context.ZoneLinks)."""

    def zone(self, handle: str) -> str:
        return ZONES + handle

    def blog(self, handle: str) -> str:
        return f"{ZONES}{handle}/blog"

    def friends(self, handle: str) -> str:
        return f"{ZONES}{handle}/friends"

    def feed(self, handle: str) -> str:
        return f"{ZONES}{handle}{FEED_FILE}"

    def post(self, handle: str, post_id: int) -> str:
        return f"{ZONES}{handle}/p/{post_id}"

    def like(self, handle: str, post_id: int) -> str:
        return f"{ZONES}{handle}/p/{post_id}/like"

    def comment(self, handle: str, post_id: int) -> str:
        return f"{ZONES}{handle}/p/{post_id}/comment"

    def comment_delete(self, handle: str, post_id: int, comment_id: int) -> str:
        return f"{ZONES}{handle}/p/{post_id}/c/{comment_id}/delete"

    def guestbook(self, handle: str) -> str:
        return f"{ZONES}{handle}/guestbook"

    def entry_reply(self, handle: str, entry_id: int) -> str:
        return f"{ZONES}{handle}/guestbook/{entry_id}/reply"

    def entry_delete(self, handle: str, entry_id: int) -> str:
        return f"{ZONES}{handle}/guestbook/{entry_id}/delete"

    def albums(self, handle: str, album_id: int | None = None) -> str:
        return f"{ZONES}{handle}/albums" + (f"/{album_id}" if album_id else "")

    def photo_page(self, handle: str, photo_id: int) -> str:
        """An album photo's own page: the picture, its likes and comments."""
        return f"{ZONES}{handle}/photos/{photo_id}"

    def photo_like(self, handle: str, photo_id: int) -> str:
        return f"{ZONES}{handle}/photos/{photo_id}/like"

    def photo_comment(self, handle: str, photo_id: int) -> str:
        return f"{ZONES}{handle}/photos/{photo_id}/comment"

    def photo_comment_delete(self, handle: str, photo_id: int, comment_id: int) -> str:
        return f"{ZONES}{handle}/photos/{photo_id}/c/{comment_id}/delete"

    def photo(self, photo_id: int, size: int, ext: str) -> str:
        return f"/media/p/{photo_id}/{size}.{ext}"

    def visitors(self, handle: str) -> str:
        return f"{ZONES}{handle}/visitors"

    def picture(self, handle: str, which: str, size: int = 320) -> str:
        """A person's avatar or cover (`which`), served only to whoever may see them."""
        return f"/media/u/{handle}/{which}/{size}.webp"


PATHS = Paths()
