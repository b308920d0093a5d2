"""A post card's HTML (macros.html card_shown) written in Python: a card no reading has kept yet is rendered
for each card of a page, and the macro's calls cost more than the card."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from adapters.web import urls
from adapters.web.filters import AUDIENCES, audience, excerpt, hue, initials, iso, prose, when
from core import i18n

_LIKES = ('<span aria-hidden="true">♥</span> %(count)s<span class="visually-hidden"> like</span>',
          '<span aria-hidden="true">♥</span> %(count)s<span class="visually-hidden"> likes</span>')
_COMMENTS = ("%(count)s comment", "%(count)s comments")
_SHARES = ('<span aria-hidden="true">↻</span> %(count)s<span class="visually-hidden"> share</span>',
           '<span aria-hidden="true">↻</span> %(count)s<span class="visually-hidden"> shares</span>')
# Per catalog: the words every card of a reading shows the same (the badges', the "edited" and missing-share lines).
_card_words: dict[Any, tuple[dict[str, str], str, str]] = {}


def _words() -> tuple[dict[str, str], str, str]:
    translations = i18n.active().translations
    kept = _card_words.get(translations)
    if kept is None:
        badges = {value: str(escape(i18n.gettext(label))) for value, label in AUDIENCES.items()}
        # As the template's {{ _("…") }}: the catalog's text is markup (Jinja's newstyle gettext), formatted.
        edited = f'<span class="edited">{Markup(i18n.gettext("edited")) % {}}</span>'  # noqa: S704 - our catalog
        hidden = Markup(i18n.gettext("The shared post isn't visible to you.")) % {}  # noqa: S704 - our catalog
        kept = _card_words[translations] = (badges, edited, f'  <p class="shared shared-missing">{hidden}</p>\n')
    return kept


def _counted(forms: tuple[str, str], n: int) -> str:
    """A `{% trans count=n %}` block's text: Jinja's newstyle ngettext takes the catalog's text as markup and
    formats `count` in escaped, which for a number (core's counts are ints) is plain formatting."""
    return i18n.ngettext(forms[0], forms[1], n) % {"count": n, "num": n}


def card_html(view: Any, owner: Any, full: bool) -> str:
    """What macros.html card_shown renders, byte for byte, without a template's calls (a cold card, one that no
    reading has kept, is rendered per card of a page: tests/web/test_card_html.py holds the two equal)."""
    p, a = view.post, view.author
    badges, edited, missing = _words()
    href = escape(urls.PATHS.post(owner.handle, p.id))
    blog = p.kind == "blog"
    visibility = str(escape(p.visibility))
    badge = badges.get(p.visibility)
    if badge is None:
        badge = str(escape(audience(p.visibility)))
    face = (f'<img src="{escape(urls.PATHS.picture(a.handle, "avatar"))}" alt="" loading="lazy" decoding="async">'
            if a.avatar else "")
    post_id = escape(p.id)
    number = i18n.gettext(" — post #%(id)s") % {"id": p.id}  # a number: as Markup's formatting would
    out = [
        f'<article class="card post{" post-blog" if blog else ""}" aria-labelledby="post-{post_id}-title">\n'
        f'  <header class="post-head">\n'
        f'    <span class="avatar avatar-md hue-{hue(a.handle)}" aria-hidden="true">{escape(initials(a.display_name))}'
        f'{face}</span>\n'
        f'    <div class="post-meta">\n'
        f'      <a class="post-author" href="{escape(urls.PATHS.zone(a.handle))}">{escape(a.display_name)}</a>\n'
        f'      <a class="post-time" id="post-{post_id}-title" href="{href}">'
        f'<time datetime="{escape(iso(p.created_at))}">'
        f'{escape(when(p.created_at))}</time><span class="visually-hidden">{number}</span></a>\n'
        f'    </div>\n'
        f'    <span class="badge badge-{visibility}">{badge}</span>\n'
        f'  </header>\n'
    ]
    if blog:
        if full:
            out.append(f'    <h2 class="blog-title">{escape(p.title)}</h2>\n    <div class="prose">{prose(p)}</div>\n')
        else:
            out.append(f'    <h2 class="blog-title"><a href="{href}">{escape(p.title)}</a></h2>\n'
                       f'    <p class="excerpt">{escape(excerpt(p.body))}</p>\n')
    elif p.body:
        out.append(f'  <div class="prose">{prose(p)}</div>\n')
    s = view.shared
    if s:
        sp = s.post
        shared_from = Markup(i18n.gettext('Shared from <a href="%(href)s">@%(handle)s</a>')) % {  # noqa: S704
            "href": urls.PATHS.post(s.author.handle, sp.id), "handle": s.author.handle}
        title = f'<p class="blog-title">{escape(sp.title)}</p>' if sp.kind == "blog" else ""
        out.append(f'  <blockquote class="shared">\n    <p class="shared-from">{shared_from}</p>\n'
                   f'{title}    <div class="prose">{prose(sp)}</div>\n  </blockquote>\n')
    elif view.shared_missing:
        out.append(missing)
    out.append(
        f'  <footer class="post-foot">\n'
        f'    <a href="{href}" class="stat">{_counted(_LIKES, p.like_count)}</a>\n'
        f'    <a href="{href}#comments" class="stat">{_counted(_COMMENTS, p.comment_count)}</a>\n'
        f'    <span class="stat">{_counted(_SHARES, p.share_count)}</span>\n'
    )
    if p.edited_at:
        out.append(edited)
    return "".join(out)


_LIKE = '<span aria-hidden="true">♡</span> Like<span class="visually-hidden"> this post</span>'
_UNLIKE = '<span aria-hidden="true">♥</span> Unlike<span class="visually-hidden"> this post</span>'
_buttons: dict[Any, tuple[str, str]] = {}


def like_html(view: Any, owner: Any, csrf: str, next: str) -> str:  # noqa: A002 - the macro's own name
    """What form_macros.html like_form renders, byte for byte: the reader's Like (or Unlike) under a card."""
    translations = i18n.active().translations
    buttons = _buttons.get(translations)
    if buttons is None:  # the template's {% trans %}: the catalog's text as markup
        buttons = _buttons[translations] = (
            f'  <button type="submit" class="button button-small" name="do" value="like">'
            f'{Markup(i18n.gettext(_LIKE)) % {}}</button>\n',  # noqa: S704 - our catalog
            f'  <button type="submit" class="button button-small" name="do" value="unlike">'
            f'{Markup(i18n.gettext(_UNLIKE)) % {}}</button>\n')  # noqa: S704 - our catalog
    return (f'<form class="inline-form" method="post" action="{escape(urls.PATHS.like(owner.handle, view.post.id))}">\n'
            f'  <input type="hidden" name="csrf" value="{escape(csrf)}">\n'
            f'<input type="hidden" name="next" value="{escape(next)}">\n'
            f'{buttons[1] if view.liked else buttons[0]}</form>')


__all__ = ["card_html", "like_html"]
