"""The web view: zones, posts, blogs, friends and Atom feeds for friends and strangers."""

from __future__ import annotations

from adapters.web.app import RawHandler, create_app
from adapters.web.metrics import WebMetrics, metrics_app
from adapters.web.reader import LANG_COOKIE
from adapters.web.session import COOKIE

__all__ = ["COOKIE", "LANG_COOKIE", "RawHandler", "WebMetrics", "create_app", "metrics_app"]
