"""The translation catalogs, kept with Babel: `python -m openzone.catalogs update|check|compile|init CODE|merge PO`.

- `update` extracts every marked string (Python: `_`, `gettext`, `ngettext`, `N_`; the web's Jinja2
  templates through `jinja2.ext.i18n`; the shop's names and descriptions in `themes/catalog.toml`)
  and brings every catalog in `locale/` up to date: new strings arrive untranslated, strings no
  longer in the code leave, translations are kept.
- `check` says what is untranslated, fuzzy, or translated with other `{placeholders}` than the
  English; it exits 1 when anything is (the test suite runs the same check).
- `compile` writes the `.mo` files the platform loads (`make run` and `make test` run it).
- `init CODE` starts a catalog for a new language; `merge PO` takes translations from another
  copy of a catalog for strings still untranslated here (after a merge conflict); `fill CODE JSON`
  sets translations from a JSON object {msgid: msgstr, or [forms] for a plural}.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from core.i18n import DOMAIN, LOCALE_DIR, SOURCE

ROOT = LOCALE_DIR.parent
SOURCES = ("chat", "core", "handlers", "adapters", "openzone")
METHODS = [
    ("adapters/web/templates/**.html", "jinja2"),
    ("themes/catalog.toml", "openzone.catalogs:extract_toml"),
    *[(f"{package}/**.py", "python") for package in SOURCES],
]
OPTIONS = {"adapters/web/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
TOML_KEYS = ("name", "description", "title", "credit", "licence")
_FIELD = re.compile(r"\{([^{}!:]*)[^{}]*\}")


def extract_toml(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor for the shop catalog: items' names and descriptions, tracks' titles and credits."""
    data = tomllib.loads(fileobj.read().decode("utf-8"))
    for items in data.values():
        for item in items if isinstance(items, list) else []:
            for key in TOML_KEYS:
                if isinstance(item.get(key), str) and item[key]:
                    yield 0, "_", item[key], [f"shop item {item.get('id', '?')}: {key}"]


def template() -> Catalog:
    """Every string the code marks for translation, as a catalog template."""
    pot = Catalog(domain=DOMAIN, project="OpenZone", charset="utf-8", fuzzy=False)

    def keep(path: str) -> bool:
        return not any(part in {".venv", "tests", "bench", "__pycache__", "node_modules"} for part in Path(path).parts)

    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, METHODS, OPTIONS, keywords=DEFAULT_KEYWORDS, comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True, directory_filter=keep,
    ):
        pot.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return pot


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogs() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.project, catalog.version = "OpenZone", ""
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "OpenZone"
    catalog.revision_date = catalog.creation_date  # stable headers: no conflict between two updates
    with path.open("wb") as f:
        # No source locations: they change with every edit and only make merges conflict.
        write_po(f, catalog, width=0, no_location=True, omit_header=False, ignore_obsolete=True,
                 include_previous=False)


def update() -> None:
    pot = template()
    for path in catalogs():
        catalog = read(path)
        catalog.update(pot, no_fuzzy_matching=True, update_creation_date=False)
        write(path, catalog)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


def _fields(text: str) -> set[str]:
    return set(_FIELD.findall(text))


def problems(catalog: Catalog, pot: Catalog | None = None) -> list[str]:
    """What a reader of this catalog would meet in English, or broken."""
    out = []
    if pot is not None:
        for message in pot:
            if message.id and message.id not in catalog:
                out.append(f"not in the catalog (run `make messages`): {message.id!r}")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            out.append(f"fuzzy: {ids[0]!r}")
        elif not any(strs) and str(catalog.locale) == SOURCE:
            continue  # the source language's catalog may leave a message as the code words it
        elif not all(strs):
            out.append(f"untranslated: {ids[0]!r}")
        else:
            wanted = _fields(ids[-1]) | _fields(ids[0])
            for s in strs:
                if _fields(s) != wanted and not (len(ids) > 1 and _fields(s) <= wanted):
                    out.append(f"placeholders differ: {ids[0]!r} -> {s!r}")
    return out


def check() -> int:
    pot = template()
    bad = 0
    for path in catalogs():
        found = problems(read(path), pot)
        for line in found:
            print(f"{path.relative_to(ROOT)}: {line}")
        bad += len(found)
    return 1 if bad else 0


def compile_all() -> None:
    for path in catalogs():
        catalog = read(path)
        with path.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)


def init(code: str) -> None:
    path = po_path(code)
    if path.exists():
        raise SystemExit(f"{path} exists already")
    catalog = Catalog(locale=code, domain=DOMAIN, project="OpenZone", fuzzy=False)
    catalog.update(template(), no_fuzzy_matching=True)
    write(path, catalog)
    print(f"started {path.relative_to(ROOT)}: translate its msgstr lines, then `make messages`")


def merge(other: Path) -> None:
    """Take translations from `other` (another copy of a catalog) for what is untranslated here."""
    theirs = read(other)
    path = po_path(str(theirs.locale_identifier or "").replace("-", "_")) if theirs.locale else None
    for target in [path] if path is not None and path.exists() else catalogs():
        catalog = read(target)
        taken = 0
        for message in catalog:
            if message.id and not (message.string if not isinstance(message.string, tuple) else all(message.string)):
                found = theirs.get(message.id)
                if found is not None and found.string and not found.fuzzy:
                    message.string = found.string
                    taken += 1
        write(target, catalog)
        print(f"{target.relative_to(ROOT)}: took {taken} translations from {other}")


def fill(code: str, source: Path) -> None:
    """Set translations from a JSON object `{msgid: msgstr}` (a plural's msgid is its singular; its value a list)."""
    wanted = json.loads(source.read_text(encoding="utf-8"))
    path = po_path(code)
    catalog = read(path)
    taken, unknown = 0, []
    for msgid, msgstr in wanted.items():
        message = catalog.get(msgid)
        if message is None:
            message = next((m for m in catalog if isinstance(m.id, tuple) and m.id[0] == msgid), None)
        if message is None:
            unknown.append(msgid)
            continue
        message.string = tuple(msgstr) if isinstance(message.id, tuple) else msgstr
        message.flags.discard("fuzzy")
        taken += 1
    write(path, catalog)
    print(f"{path.relative_to(ROOT)}: {taken} translations set")
    for msgid in unknown:
        print(f"  not in the catalog (run `make messages` first?): {msgid!r}")


def main(argv: list[str]) -> int:
    match argv:
        case ["update"]:
            update()
        case ["check"]:
            return check()
        case ["compile"]:
            compile_all()
        case ["init", code]:
            init(code)
        case ["merge", other]:
            merge(Path(other))
        case ["fill", code, source]:
            fill(code, Path(source))
        case _:
            print(__doc__)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
