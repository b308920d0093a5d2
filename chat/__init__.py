"""The chat protocol every front end and every feature speaks: messages in, replies out, sending helpers.

Imports nothing of OpenZone's and no messenger framework (an import-linter contract says so):
adapters translate their platform to and from these values; handlers answer in them.
"""

from chat.messages import (
    MAX_ACTION_BYTES, Attachment, Button, Face, Image, Incoming, Reply, Sender, Span, b, code, error_reply, fill, i,
    link, plain, reply,
)
from chat.names import NAME_RE
from chat.sending import Pacer, boundary, chunk, clip, face_as_picture

__all__ = [
    "MAX_ACTION_BYTES", "NAME_RE", "Attachment", "Button", "Face", "Image", "Incoming", "Pacer", "Reply", "Sender",
    "Span", "b", "boundary", "chunk", "clip", "code", "error_reply", "face_as_picture", "fill", "i", "link", "plain",
    "reply",
]
