"""What a command's name may be, on every messenger (Telegram's menu and Discord's slash commands obey it)."""

from __future__ import annotations

import re

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
