"""The shop catalog: the shipped one is complete, and a broken item stops start-up naming the item."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from core.shop.catalog import LAYOUTS, CatalogError, Theme, Track, load_catalog, parse_catalog, shipped_catalog
from openzone.config import ConfigError, load

GOOD_THEME = """
[[theme]]
id = "{id}"
name = "Test"
price = {price}
{extra}
[theme.palette]
bg = "#ffffff"
fg = "#000000"
muted = "#555555"
card = "#ffffff"
card-border = "#eeeeee"
accent = "#6a3fd7"
accent-fg = "#ffffff"
accent-soft = "#efe9ff"
link = "#5530b8"
banner = "{banner}"
"""


def theme_toml(id: str = "ok", price: str = "10", extra: str = "", banner: str = "linear-gradient(90deg, #000 0%, #fff 100%)") -> str:
    return GOOD_THEME.format(id=id, price=price, extra=extra, banner=banner)


def test_the_shipped_catalog_has_eight_themes_music_and_badges_with_free_and_limited_items() -> None:
    catalog = shipped_catalog()
    themes = catalog.of("theme")
    assert len(themes) >= 8
    assert {t.layout for t in themes if isinstance(t, Theme)} == set(LAYOUTS)
    assert len(catalog.of("music")) >= 3 and len(catalog.of("badge")) >= 3
    assert any(i.free for i in catalog.items.values()) and any(i.stock for i in catalog.items.values())


def test_every_shipped_track_is_a_small_playable_wav_we_may_ship() -> None:
    catalog = shipped_catalog()
    for track in catalog.of("music"):
        assert isinstance(track, Track)
        assert track.licence.startswith("CC0")
        with wave.open(str(catalog.music_path(track))) as w:
            assert w.getnframes() / w.getframerate() >= 3


def test_a_good_theme_is_accepted(tmp_path: Path) -> None:
    catalog = parse_catalog(theme_toml(), tmp_path)
    assert [i.id for i in catalog.of("theme")] == ["ok"]


@pytest.mark.parametrize(("text", "message"), [
    (theme_toml(price="-1"), "catalog: item 'ok': price = -1 must be a whole number of coins"),
    (theme_toml(price='"ten"'), "catalog: item 'ok': price = 'ten'"),
    (theme_toml(id="Bad Id"), "catalog: item 'Bad Id': id must be"),
    (theme_toml(extra='layout = "wavy"'), "catalog: item 'ok': layout = 'wavy' must be one of classic, magazine, minimal"),
    (theme_toml(banner="red; } body { display: none"), "catalog: item 'ok': palette.banner"),
    (theme_toml(banner="url(https://evil.test/x.png)"), "catalog: item 'ok': palette.banner"),
    (theme_toml(extra='pattern = "red"'), "catalog: item 'ok': pattern must be CSS gradients"),
    (theme_toml(extra="stock = 0"), "catalog: item 'ok': stock = 0"),
    (theme_toml(extra='colour = "red"'), "catalog: item 'ok': unknown key(s) colour"),
    (theme_toml() + theme_toml(), "catalog: item 'ok': id is used twice"),
    (theme_toml().replace('fg = "#000000"\n', ""), "catalog: item 'ok': palette is missing fg"),
    (theme_toml().replace('bg = "#ffffff"', 'bg = "white"'), "catalog: item 'ok': palette.bg = 'white' must be a hex colour"),
    ('[[music]]\nid = "song"\nname = "Song"\nprice = 5\ntitle = "S"\ncredit = "me"\nlicence = "CC0"\nfile = "nope.wav"\n',
     "catalog: item 'song': file"),
    ('[[badge]]\nid = "star"\nname = "Star"\nprice = 5\n', "catalog: item 'star': emoji must be"),
    ("[[sticker]]\nid = 'x'\n", "catalog: unknown section(s) sticker"),
])
def test_a_broken_item_is_refused_naming_the_item(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CatalogError) as err:
        parse_catalog(text, tmp_path)
    assert str(err.value).startswith(message)


def test_a_broken_catalog_stops_start_up_naming_the_item(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(theme_toml(id="broken_one", price="-5"))
    config = tmp_path / "config.toml"
    config.write_text(f'[shop]\ncatalog = "{catalog}"\n')
    with pytest.raises(ConfigError) as err:
        load(config)
    assert err.value.key == "shop.catalog"
    assert "item 'broken_one': price = -5" in str(err.value)


def test_a_missing_catalog_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as err:
        load_catalog(tmp_path / "missing.toml")
    assert "missing.toml" in str(err.value)


def test_a_theme_below_wcag_aa_contrast_is_refused_with_the_pair_and_the_ratio(tmp_path: Path) -> None:
    pale = theme_toml().replace('muted = "#555555"', 'muted = "#aaaaaa"')
    with pytest.raises(CatalogError) as err:
        parse_catalog(pale, tmp_path)
    assert str(err.value) == (
        "catalog: item 'ok': text would be hard to read: "
        "palette.muted #aaaaaa on palette.bg #ffffff has a contrast of 2.32:1; WCAG 2.2 AA needs 4.5:1; "
        "palette.muted #aaaaaa on palette.card #ffffff has a contrast of 2.32:1; WCAG 2.2 AA needs 4.5:1")


@pytest.mark.parametrize(("replace", "pair"), [
    (('accent-fg = "#ffffff"', 'accent-fg = "#b9a6ee"'), "palette.accent-fg #b9a6ee on palette.accent #6a3fd7"),
    (('link = "#5530b8"', 'link = "#9d86dc"'), "palette.link #9d86dc on palette.bg #ffffff"),
    (('[theme.palette]', '[theme.palette]\nnotice-bg = "#fff4d6"\nnotice-fg = "#c9a23c"'),
     "palette.notice-fg #c9a23c on palette.notice-bg #fff4d6"),
    (('[theme.palette]', '[theme.palette]\nfocus = "#ffe08a"'), "palette.focus #ffe08a on palette.bg #ffffff"),
    # A see-through card shows the page through it: its contrast is measured as it shows.
    (('card = "#ffffff"', 'card = "#00000099"'), "palette.fg #000000 on palette.card #00000099"),
])
def test_each_text_colour_is_checked_against_the_background_it_sits_on(
    tmp_path: Path, replace: tuple[str, str], pair: str,
) -> None:
    with pytest.raises(CatalogError) as err:
        parse_catalog(theme_toml().replace(*replace), tmp_path)
    assert pair in str(err.value)


def test_contrast_ratios_are_wcags() -> None:
    from core.contrast import ratio

    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert round(ratio("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes on white
    assert round(ratio("#fff", "#777"), 2) == 4.48


def test_every_shipped_theme_meets_wcag_aa_contrast_with_its_defaults() -> None:
    from core.contrast import too_low

    assert {t.id: too_low(t.colours()) for t in shipped_catalog().of("theme") if isinstance(t, Theme)} == {
        t.id: [] for t in shipped_catalog().of("theme")}
