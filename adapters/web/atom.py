"""Atom 1.0 feeds (RFC 4287) of the posts a feed's viewer may see."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from adapters.web import markdown, urls
from adapters.web.render import excerpt
from core.model import Account, PostKind
from core.posts.model import PostView

NS = "http://www.w3.org/2005/Atom"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    el.text = text
    return el


def _stamp(at: datetime | None, fallback: datetime) -> str:
    return (at or fallback).isoformat()


def feed_xml(site_name: str, base: str, owner: Account, views: list[PostView], now: datetime) -> bytes:
    """The feed document; `base` is the public URL; entry links point at clean post pages."""
    zone = base + urls.PATHS.zone(owner.handle)
    root = ET.Element("feed", {"xmlns": NS})
    _text(root, "id", base + urls.PATHS.feed(owner.handle))
    _text(root, "title", f"{owner.display_name} (@{owner.handle}) — {site_name}")
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
        title = post.title if post.kind is PostKind.BLOG else excerpt(post.body, 80) or f"Post #{post.id}"
        _text(entry, "title", title)
        _text(entry, "updated", _stamp(post.edited_at or post.created_at, now))
        _text(entry, "published", _stamp(post.created_at, now))
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
        body = post.body or (f"Shared post #{post.shared_post_id}" if post.shared_post_id else "")
        # Sanitized HTML, then escaped once more by the XML serializer (type="html").
        _text(entry, "content", markdown.render(body), type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")
