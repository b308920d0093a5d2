"""Atom 1.0 feeds (RFC 4287) of the posts a feed's viewer may see."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from adapters.web import markdown, urls
from adapters.web.render import excerpt
from core import i18n
from core.i18n import _
from core.model import Account, PostKind
from core.posts.model import PostView

NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    el.text = text
    return el


def _stamp(at: datetime | None, fallback: datetime) -> str:
    return (at or fallback).isoformat()


def feed_xml(site_name: str, base: str, owner: Account, views: list[PostView], now: datetime) -> bytes:
    """The feed document; `base` is the public URL; entry links point at clean post pages."""
    zone = base + urls.PATHS.zone(owner.handle)
    # Worded in the feed reader's language (the token's account, else Accept-Language: adapters.web.reader).
    root = ET.Element("feed", {"xmlns": NS, XML_LANG: i18n.active().tag})
    _text(root, "id", base + urls.PATHS.feed(owner.handle))
    _text(root, "title", _("{name} (@{handle}) — {site}").format(name=owner.display_name, handle=owner.handle,
                                                                 site=site_name))
    _text(root, "updated", _stamp(views[0].post.created_at if views else owner.created_at, now))
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": zone})
    author = ET.SubElement(root, "author")
    _text(author, "name", owner.display_name)
    _text(author, "uri", zone)
    for view in views:
        post = view.post
        url = base + urls.PATHS.post(owner.handle, post.id)
        entry = ET.SubElement(root, "entry")
        _text(entry, "id", url)
        title = post.title if post.kind is PostKind.BLOG else excerpt(post.body, 80) or _("Post #{id}").format(id=post.id)
        _text(entry, "title", title)
        _text(entry, "updated", _stamp(post.edited_at or post.created_at, now))
        _text(entry, "published", _stamp(post.created_at, now))
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
        body = post.body or (_("Shared post #{id}").format(id=post.shared_post_id) if post.shared_post_id else "")
        # Sanitized HTML (the one stored with the post, else rendered now), then escaped once more by the
        # XML serializer (type="html").
        stored = markdown.stored(post.body_html) if post.body else None
        _text(entry, "content", markdown.render(body) if stored is None else stored, type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")
