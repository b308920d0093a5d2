"""Special care (特别关心): a few friends whose new posts reach you at once (services in `core.care.service`).

This face exports the feature's vocabulary; its service is imported as a module
(`from core.care import service as care`), as every feature's is.
"""

from core.care.events import CaredPostAdded

__all__ = ["CaredPostAdded"]
