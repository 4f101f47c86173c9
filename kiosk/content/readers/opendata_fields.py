"""Fields most open-data lists share, and the helpers declarations are written with.

See opendata_datasets.py for the datasets themselves.
"""

from __future__ import annotations

from dataclasses import replace

from kiosk.content.readers.opendata_schema import Field
from kiosk.i18n import N_

# --- fields most datasets share -----------------------------------------------------------------
ID = Field("id", ("ID", "NO", "No.", "番号", "整理番号", "施設ID"))
NAME = Field(
    "name",
    ("名称", "施設名", "施設名称", "施設等の名称", "施設の名称", "名前", "場所名", "名称_通称"),
)
KANA = Field(
    "kana",
    (
        "名称_カナ",
        "名称カナ",
        "施設名_カナ",
        "施設名カナ",
        "ふりがな",
        "フリガナ",
        "よみがな",
        "読み",
    ),
    N_("Reading"),
)
ADDRESS = Field(
    "address",
    ("所在地_連結表記", "住所", "所在地", "住所(所在地)", "所在地(住所)", "住所_連結表記"),
    N_("Address"),
)
BUILDING = Field("building", ("建物名等(方書)", "方書", "建物名等", "建物名"))
PREFECTURE = Field("address_prefecture", ("所在地_都道府県",))
CITY = Field("address_city", ("所在地_市区町村",))
TOWN = Field("address_town", ("所在地_町字",))
BLOCK = Field("address_block", ("所在地_番地以下",))
PHONE = Field(
    "phone", ("電話番号", "連絡先電話番号", "電話", "TEL", "問合せ先電話番号"), N_("Phone")
)
EXTENSION = Field("extension", ("内線番号", "連絡先内線番号"))
DAYS = Field("days", ("利用可能曜日", "開館日", "開所日"), N_("Opening days"))
START = Field("start_time", ("開始時間", "利用開始時間", "開館時間"), N_("Hours"))
END = Field("end_time", ("終了時間", "利用終了時間", "閉館時間"))
HOURS_NOTE = Field(
    "hours_note", ("利用可能日時特記事項", "利用可能時間特記事項", "開館時間特記事項")
)
DESCRIPTION = Field("description", ("説明", "概要"))
URL = Field("url", ("URL", "ホームページ", "HP", "ウェブサイト"))
NOTE = Field("note", ("備考",), N_("Note"))
LATITUDE = Field("latitude", ("緯度",))
LONGITUDE = Field("longitude", ("経度",))
LOCATION_DETAIL = Field("location_detail", ("設置位置", "設置場所"), N_("Where in the building"))
CAPACITY = Field(
    "capacity", ("想定収容人数", "収容人数", "収容可能人数"), N_("Capacity"), "number", "人"
)
VENUE = Field("venue", ("場所名称", "会場", "会場名", "開催場所"), N_("Place"))

# Standard bookkeeping columns: recognised (not counted against a dataset), never shown.
NEUTRAL_HEADERS = (
    "全国地方公共団体コード", "都道府県コード又は市区町村コード", "市区町村コード",
    "地方公共団体名", "都道府県名", "市区町村名", "都道府県名及び市町村名", "共通ID",
    "名称_英字", "名称_英語",
    "所在地_全国地方公共団体コード", "町字ID", "高度の種別", "高度の値", "連絡先メールアドレス",
    "連絡先FormURL", "連絡先備考(その他、SNSなど)",
    "郵便番号", "法人番号", "団体名", "法人の名称", "FAX番号", "画像", "画像_ライセンス", "画像1",
    "画像1_ライセンス", "画像2", "画像2_ライセンス", "外部利用不可", "外部識別子", "外部識別子の値",
    "LOCATION", "更新日", "データ更新日",
)  # fmt: skip


def named(field: Field, *headers: str) -> Field:
    """``field`` also found under ``headers`` (tried first): a dataset's own synonyms."""
    return replace(field, headers=(*headers, *field.headers))


ADDRESS_FIELDS = (ADDRESS, BUILDING, PREFECTURE, CITY, TOWN, BLOCK, LATITUDE, LONGITUDE)
CONTACT = (PHONE, EXTENSION)
OPENING = (DAYS, START, END, HOURS_NOTE)
TAIL = (DESCRIPTION, URL, NOTE)


def flag(key: str, headers: tuple[str, ...], label: str, yes: str = "", no: str = "") -> Field:
    return Field(key, headers, label, "flag", yes=yes or N_("Yes"), no=no or N_("No"))


def hazard(key: str, name: str, label: str) -> Field:
    # the bare name is the 国土地理院 (GSI) nationwide merged list's header
    headers = (f"災害種別_{name}", f"災害種別({name})", f"{name}対応", name)
    return Field(key, headers, label, "hazard")


HAZARDS = (
    hazard("hazard_flood", "洪水", N_("Flood")),
    hazard("hazard_landslide", "崖崩れ、土石流及び地滑り", N_("Landslide and debris flow")),
    hazard("hazard_storm_surge", "高潮", N_("Storm surge")),
    hazard("hazard_earthquake", "地震", N_("Earthquake")),
    hazard("hazard_tsunami", "津波", N_("Tsunami")),
    hazard("hazard_fire", "大規模な火事", N_("Large fire")),
    hazard("hazard_inland_flood", "内水氾濫", N_("Inland flooding")),
    hazard("hazard_volcano", "火山現象", N_("Volcanic activity")),
)
SHELTER_TOO = Field("shelter_too", ("指定避難所との重複", "指定避難所との住所同一"), kind="hazard")


# Column tables of the toilet and public-facility lists (used by opendata_datasets).
TOILET_COUNTS = (
    ("toilets_men", ("男性トイレ総数", "男性用トイレ数"), N_("Toilets for men")),
    ("toilets_men_urinal", ("男性トイレ数(小便器)",), ""),
    ("toilets_men_japanese", ("男性トイレ数(和式)",), ""),
    ("toilets_men_western", ("男性トイレ数(洋式)",), ""),
    ("toilets_women", ("女性トイレ総数", "女性用トイレ数"), N_("Toilets for women")),
    ("toilets_women_japanese", ("女性トイレ数(和式)",), ""),
    ("toilets_women_western", ("女性トイレ数(洋式)",), ""),
    ("toilets_shared", ("男女共用トイレ総数",), N_("Toilets for everyone")),
    ("toilets_shared_japanese", ("男女共用トイレ数(和式)",), ""),
    ("toilets_shared_western", ("男女共用トイレ数(洋式)",), ""),
    ("toilets_multipurpose", ("多機能トイレ数", "多目的トイレ数"), N_("Multipurpose toilets")),
)

TOILET_FLAGS = (
    flag(
        "toilet_wheelchair",
        ("車椅子使用者用トイレ有無", "車椅子使用者用トイレ", "車いす使用者用トイレ有無"),
        N_("Toilet for wheelchair users"),
    ),
    flag(
        "toilet_baby",
        ("乳幼児用設備設置トイレ有無", "乳幼児用設備設置トイレ", "ベビーシート"),
        N_("Baby changing table"),
    ),
    flag(
        "toilet_ostomate",
        ("オストメイト設置トイレ有無", "オストメイト設置トイレ", "オストメイト設置"),
        N_("Ostomate facilities"),
    ),
)

FACILITY_FLAGS = (
    flag("wheelchair_ok", ("車椅子可",), N_("Wheelchair access")),
    flag("barrier_free_toilet", ("バリアフリートイレ",), N_("Barrier-free toilet")),
    flag("nursing_room", ("授乳室",), N_("Nursing room")),
)

FACILITY_OTHER = (
    "スロープ、エレベータ、エスカレータ", "車椅子貸出", "ツエ貸出", "点字ブロック等の移動支援",
    "点字や読上による支援", "盲導犬・介助犬、聴導犬同伴", "字幕", "筆談対応", "優先駐車場",
    "オストメイト対応トイレ",
    "おむつ替えコーナー", "飲食可否", "ベビーカー貸出", "ベビーカー利用",
)  # fmt: skip
