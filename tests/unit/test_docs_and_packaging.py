"""What the repository tells an operator points somewhere real, and it builds without warnings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _anchor(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_document_the_example_config_and_the_docs_point_to_exists() -> None:
    named = re.findall(r"\b(docs/[\w./-]+\.md)\b", (ROOT / "config.example.toml").read_text())
    assert named  # the shop's pointer, at least
    for path in named:
        assert (ROOT / path).is_file(), path
    for doc in (ROOT / "docs").glob("*.md"):
        for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#([\w-]+))?\)", doc.read_text()):
            file, anchor = (doc.parent / target[0]).resolve(), target[1]
            assert file.is_file(), f"{doc.name} links to {target[0]}"
            if anchor:
                headings = {_anchor(h) for h in re.findall(r"^#+ (.+)$", file.read_text(), re.MULTILINE)}
                assert anchor in headings, f"{doc.name} links to {target[0]}#{anchor}"


def test_the_package_metadata_builds_without_a_deprecation_warning(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-c", "import sys; from setuptools import build_meta as b; "
         "print(b.prepare_metadata_for_build_wheel(sys.argv[1]))", str(tmp_path)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert built.returncode == 0, built.stderr
    assert "deprecated" not in (built.stdout + built.stderr).lower(), built.stderr
    metadata = (tmp_path / built.stdout.strip().splitlines()[-1] / "METADATA").read_text()
    assert "License-Expression: MIT" in metadata.splitlines()
