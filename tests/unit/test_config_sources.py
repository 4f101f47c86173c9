"""[[source]] parsing: every key validated, errors name the file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.content.model import Category
from tests.conftest import REPO


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_loads() -> None:
    config = load_config(REPO / "kiosk.example.toml")
    assert not config.demo
    by_id = {s.id: s for s in config.sources}
    news = by_id["town-news"]
    assert news.kind == "feed" and news.follow_links and news.expire_days == 60
    assert news.location == "https://www.town.sakuragawa.example.jp/news.rdf"
    assert by_id["evacuation-sites"].category is Category.FACILITIES
    assert by_id["evacuation-sites"].refresh_minutes == 1440
    assert by_id["public-facilities"].location == str(REPO / "opendata" / "public_facility.csv")
    assert not by_id["public-facilities"].enabled
    assert config.get("fetch_max_mb") == 10


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('id = "a"\nkind = "feed"\ncategory = "notices"\nurl = "ftp://x/y"', 6, "url must start"),
        ('id = "a"\nkind = "rss"\ncategory = "notices"\nurl = "http://x/"', 4, "kind = 'rss'"),
        ('id = "a"\nkind = "feed"\ncategory = "news"\nurl = "http://x/"', 5, "category 'news'"),
        ('id = "a"\nkind = "feed"\ncategory = "notices"\nurl = "http://x/"\nrefresh_minutes = "5"',
         7, "refresh_minutes must be a int"),
        ('id = "a"\nkind = "feed"\ncategory = "notices"\nurl = "http://x/"\nrefresh_minutes = 0',
         7, "at least 1"),
        ('id = "a"\nkind = "html"\ncategory = "notices"\nurl = "http://x/"\nfollow_links = true',
         7, "follow_links only applies"),
        ('id = "a"\nkind = "feed"\ncategory = "notices"\nurl = "http://x/"\nfolow_links = true',
         7, "unknown key 'folow_links'"),
        ('id = "a"\nkind = "feed"\ncategory = "notices"', 2, "give 'url' or 'path'"),
        ('kind = "feed"\ncategory = "notices"\nurl = "http://x/"', 2, "'id' is missing"),
        ('id = "a"\nkind = "package"\ncategory = "notices"\nurl = "http://x/"', 6,
         "read from a 'path'"),
        ('id = "a"\nkind = "feed"\ncategory = "notices"\nurl = "http://x/"\nlang = "fr"', 7,
         "lang"),
    ],
)  # fmt: skip
def test_source_errors_name_line_and_key(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    path = write(tmp_path, f"[kiosk]\n[[source]]\n{body}\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert text.startswith(f"{path}:{line}: [[source]] #1"), text
    assert message in text


def test_duplicate_ids(tmp_path: Path) -> None:
    source = '[[source]]\nid = "a"\nkind = "feed"\ncategory = "notices"\nurl = "http://x/"\n'
    path = write(tmp_path, source + "\n" + source)
    with pytest.raises(ConfigError, match=r"kiosk.toml:8: \[\[source\]\] #2: id 'a' is used twice"):
        load_config(path)


def test_alert_hours_for_alert_sources_only(tmp_path: Path) -> None:
    base = '[[source]]\nid = "jma"\nkind = "jmx"\ncategory = "disaster"\nurl = "http://x/"\n'
    (source,) = load_config(write(tmp_path, base + "alert_hours = 48\n")).sources
    assert source.alert_hours == 48
    (default,) = load_config(write(tmp_path, base)).sources
    assert default.alert_hours == 0  # the per-type default
    feed = base.replace('"jmx"', '"feed"').replace('"disaster"', '"notices"')
    with pytest.raises(ConfigError, match="alert_hours only applies"):
        load_config(write(tmp_path, feed + "alert_hours = 48\n"))
    with pytest.raises(ConfigError, match="cannot be negative"):
        load_config(write(tmp_path, base + "alert_hours = -1\n"))


@pytest.mark.parametrize(
    ("extra", "kind", "message"),
    [
        ('dataset = "toilets"', "csv", "dataset = 'toilets' is not one of: evacuation, shelter"),
        ('dataset = "aed"', "feed", 'dataset only applies to kind = "csv"'),
    ],
)
def test_csv_dataset_is_checked(tmp_path: Path, extra: str, kind: str, message: str) -> None:
    body = f'id = "a"\nkind = "{kind}"\ncategory = "facilities"\nurl = "http://x/"\n{extra}'
    path = write(tmp_path, f"[kiosk]\n[[source]]\n{body}\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:7: [[source]] #1"), str(info.value)
    assert message in str(info.value)


def test_csv_dataset_and_title_are_read(tmp_path: Path) -> None:
    body = (
        'id = "a"\nkind = "csv"\ncategory = "facilities"\nurl = "http://x/"\n'
        'dataset = "toilet"\ntitle = "公衆トイレ"'
    )
    (source,) = load_config(write(tmp_path, f"[kiosk]\n[[source]]\n{body}\n")).sources
    assert (source.dataset, source.title) == ("toilet", "公衆トイレ")


def test_dataset_names_the_config_accepts_are_the_declared_lists() -> None:
    from kiosk.content.readers.opendata_datasets import BY_ID
    from kiosk.sources import DATASET_IDS

    assert tuple(BY_ID) == DATASET_IDS


def test_alert_sources_default_to_the_disaster_category(tmp_path: Path) -> None:
    body = '[[source]]\nid = "jma"\nkind = "jmx"\nurl = "http://x/"\n'
    (source,) = load_config(write(tmp_path, body)).sources
    assert source.category.value == "disaster"
    feed = body.replace('"jmx"', '"feed"')
    with pytest.raises(ConfigError, match="'category' is missing"):
        load_config(write(tmp_path, feed))
