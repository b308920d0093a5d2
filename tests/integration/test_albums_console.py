"""`openzone chat`: an album made and filled from the console (`/photo add ALBUM PATH`), seen by a friend."""

from __future__ import annotations

from pathlib import Path

from tests.images import photo
from tests.integration.test_console_session import chat, config  # noqa: F401 — the fixture

__all__ = ["config"]


def test_a_console_user_adds_a_local_photo_and_a_friend_sees_the_album(config: Path, tmp_path: Path) -> None:  # noqa: F811
    picture = tmp_path / "beach.jpg"
    picture.write_bytes(photo(gps=True))
    chat(config, "bob", "/start\n")
    out = chat(config, "alice", f"/friend bob\n/album new Trip friends\n/photo add Trip {picture}\n"
                                f"/photo add Trip {tmp_path / 'missing.jpg'}\n/photo add Trip\n/photo add {picture}\n")
    assert "1 photo added to Trip." in out
    assert f"⚠️ There is no file at {tmp_path / 'missing.jpg'}. Usage: /photo add ALBUM PATH" in out
    # The file left out, or the album: the reply names what is missing, not a file called "Trip".
    assert "⚠️ Put the photo's file after the album: /photo add Trip ~/beach.jpg" in out
    assert f"⚠️ Name the album before the file: /photo add ALBUM {picture}" in out
    assert "now friends" in chat(config, "bob", "/accept alice\n")
    shown = chat(config, "bob", "/album show @alice Trip\n")
    assert "🖼 Trip · @alice · 👥 friends · 1 photo\n" in shown
    assert "/z/alice/albums/1?t=" in shown
    stored = [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    assert len(stored) == 4  # two sizes × WebP and JPEG; no original kept by default
    assert all(b"PhoneMaker" not in p.read_bytes() for p in stored)


def test_the_console_never_reads_a_path_given_to_other_commands(config: Path, tmp_path: Path) -> None:  # noqa: F811
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(photo())
    out = chat(config, "alice", f"/album new Trip\n/album upload Trip {secret}\n")
    assert "⚠️ Only the album's name, please: /album upload Trip" in out
