"""The municipal open-data sets the kiosk recognises, declared as data (no code per dataset).

Field names follow the 自治体標準オープンデータセット (デジタル庁, 2023+: ID, 所在地_連結表記,
建物名等(方書) …) and the older 推奨データセット (政府CIOポータル, 2020: NO, 住所, 方書 …), plus the
variants real publishers use. Sources of the field names are listed in docs/open-data.md
(generated from this module: ``python -m kiosk.content.readers.opendata_doc``).

Rules the declarations keep (tests/unit/test_opendata_datasets.py):
- key fields are exclusive: no header of one dataset's key fields is declared by another
  dataset, so a file missing its key columns cannot be taken for a different dataset;
- every dataset declares a ``name`` field.
"""

from __future__ import annotations

from dataclasses import replace

from kiosk.content.readers.opendata_fields import (
    ADDRESS_FIELDS,
    CAPACITY,
    CONTACT,
    DAYS,
    END,
    EXTENSION,
    FACILITY_FLAGS,
    FACILITY_OTHER,
    HAZARDS,
    HOURS_NOTE,
    ID,
    KANA,
    LOCATION_DETAIL,
    NAME,
    OPENING,
    PHONE,
    SHELTER_TOO,
    START,
    TAIL,
    TOILET_COUNTS,
    TOILET_FLAGS,
    VENUE,
    flag,
    named,
)
from kiosk.content.readers.opendata_schema import Dataset, Field
from kiosk.i18n import N_

STANDARD = "自治体標準オープンデータセット (2023+), 推奨データセット (2020)"
CIO = "schema: ../shared/feeds/opendata_csv/schema (NEC-FIWARE/smart-data-models cio/)"
LIST_2020 = "自治体標準 common columns (2023+); list columns of 推奨データセット (2020)"
CIO_REPO = "NEC-FIWARE/smart-data-models cio/{}/datamodels.md (推奨データセット)"

EVACUATION = Dataset(
    "evacuation",
    "指定緊急避難場所一覧",
    N_("Designated emergency evacuation site"),
    (
        ID,
        named(NAME, "避難場所名称", "避難場所名", "緊急避難場所名", "施設・場所名"),
        KANA,
        *ADDRESS_FIELDS,
        *CONTACT,
        CAPACITY,
        Field("elevation", ("標高", "海抜"), N_("Height above sea level"), "number", "m"),
        Field(
            "target_area",
            ("対象となる町会・自治会", "対象地区", "対象地域"),
            N_("For residents of"),
        ),
        *HAZARDS,
        SHELTER_TOO,
        *TAIL,
    ),
    key=((*(h.key for h in HAZARDS), "shelter_too"),),
    editions=STANDARD,
    source_note=CIO,
)

SHELTER = Dataset(
    "shelter",
    "指定避難所一覧",
    N_("Designated shelter (a place to stay after a disaster)"),
    (
        ID,
        named(NAME, "避難所名", "避難所名称", "避難所"),
        named(KANA, "避難所名_カナ"),
        *ADDRESS_FIELDS,
        named(PHONE, "管理者電話"),
        EXTENSION,
        CAPACITY,
        Field(
            "target_area",
            ("対象となる町会・自治会", "対象地区", "対象地域"),
            N_("For residents of"),
        ),
        flag(
            "evacuation_too",
            ("指定緊急避難場所との重複", "指定緊急避難場所との重複の有無"),
            N_("Also an emergency evacuation site"),
        ),
        flag(
            "welfare",
            ("福祉避難所", "福祉避難所の指定", "福祉避難所指定"),
            N_("Shelter for people who need care"),
        ),
        *TAIL,
    ),
    key=(("evacuation_too", "welfare"),),
    editions="municipal lists in the 内閣府 指定避難所 様式 (not verified against 自治体標準)",
    source_note="内閣府 指定避難所一覧 様式 (指定緊急避難場所との重複, 福祉避難所, 想定収容人数)",
)

AED = Dataset(
    "aed",
    "AED設置箇所一覧",
    N_("AED (defibrillator) location"),
    (
        ID,
        NAME,
        KANA,
        *ADDRESS_FIELDS,
        named(LOCATION_DETAIL, "AED設置位置", "AEDの設置位置", "AED設置場所", "AEDの設置場所"),
        Field("aed_count", ("AED設置台数", "AED台数"), N_("Number of AEDs"), "number", "台"),
        *CONTACT,
        *OPENING,
        flag(
            "child_pads",
            ("小児対応設備の有無", "小児用パッド", "小児用パッドの有無"),
            N_("Pads for children"),
            N_("Available"),
            N_("Not available"),
        ),
        *TAIL,
    ),
    key=(("child_pads", "aed_count"),),
    item_title=N_("AED: {name}"),
    editions=STANDARD,
    source_note=CIO,
)

TOILET = Dataset(
    "toilet",
    "公衆トイレ一覧",
    N_("Public toilet"),
    (
        ID,
        named(NAME, "トイレ名", "トイレ名称"),
        KANA,
        *ADDRESS_FIELDS,
        replace(LOCATION_DETAIL, label=N_("Location in the building")),
        *(Field(key, headers, label, "number") for key, headers, label in TOILET_COUNTS),
        *TOILET_FLAGS,
        *OPENING,
        *TAIL,
    ),
    key=((*(k for k, _h, _l in TOILET_COUNTS), *(f.key for f in TOILET_FLAGS)),),
    # what a community centre's row also has: not alone a public toilet
    weak=("toilets_multipurpose", "toilet_wheelchair", "toilet_baby", "toilet_ostomate"),
    editions=LIST_2020,
    source_note=CIO_REPO.format("08_公衆トイレ一覧"),
)

MEDICAL = Dataset(
    "medical",
    "医療機関一覧",
    N_("Hospital or clinic"),
    (
        ID,
        named(NAME, "医療機関名", "医療機関名称", "病院名"),
        named(KANA, "医療機関名_カナ"),
        Field("medical_type", ("医療機関の種類", "医療機関種別"), N_("Type")),
        Field("departments", ("診療科目", "診療科"), N_("Departments")),
        *ADDRESS_FIELDS,
        *CONTACT,
        named(DAYS, "診療曜日"),
        named(START, "診療開始時間"),
        named(END, "診療終了時間"),
        named(HOURS_NOTE, "診療日時特記事項"),
        Field("after_hours", ("時間外における対応",), N_("Outside opening hours")),
        Field("beds", ("病床数",), N_("Beds"), "number", "床"),
        Field("medical_code", ("医療機関コード",)),
        Field("disaster_base", ("災害拠点分類",), N_("Disaster base hospital")),
        *TAIL,
    ),
    key=(("medical_type", "departments", "medical_code", "beds", "disaster_base"),),
    weak=("departments",),
    editions=LIST_2020,
    source_note=CIO_REPO.format("03_医療機関一覧"),
)

CARE = Dataset(
    "care",
    "介護サービス事業所一覧",
    N_("Care service office"),
    (
        ID,
        named(NAME, "介護サービス事業所名称", "事業所名称", "事業所名"),
        named(KANA, "介護サービス事業所名称_カナ", "事業所名_カナ"),
        Field("services", ("実施サービス", "サービス種類", "サービスの種類"), N_("Services")),
        *ADDRESS_FIELDS,
        *CONTACT,
        DAYS,
        Field("days_note", ("利用可能曜日特記事項",)),
        Field("capacity_care", ("定員",), N_("Capacity"), "number", "人"),
        Field("office_number", ("事業所番号", "介護保険事業所番号")),
        *TAIL,
    ),
    key=(("services", "office_number"),),
    editions=LIST_2020,
    source_note=CIO_REPO.format("02_介護サービス事業所一覧"),
)

CHILDCARE = Dataset(
    "childcare",
    "子育て施設一覧",
    N_("Childcare facility (nursery, kindergarten)"),
    (
        ID,
        NAME,
        KANA,
        Field("facility_kind", ("種別", "施設種別"), N_("Type")),
        *ADDRESS_FIELDS,
        Field("access", ("アクセス方法",), N_("How to get there")),
        *CONTACT,
        Field("capacity_children", ("収容定員",), N_("Capacity"), "number", "人"),
        Field("ages", ("受入年齢", "対象年齢"), N_("Ages accepted")),
        *OPENING,
        flag("temporary_care", ("一時預かりの有無", "一時預かり"), N_("Temporary childcare")),
        flag("sick_child_care", ("病児保育の有無", "病児保育"), N_("Care for sick children")),
        Field("licensed_on", ("認可等年月日",)),
        *TAIL,
    ),
    key=(("ages", "temporary_care", "sick_child_care", "licensed_on"),),
    editions=LIST_2020,
    source_note=CIO_REPO.format("13_子育て施設一覧"),
)

FACILITY = Dataset(
    "facility",
    "公共施設一覧",
    N_("Public facility"),
    (
        ID,
        NAME,
        KANA,
        Field("common_name", ("名称_通称", "通称"), N_("Also called")),
        Field("poi_code", ("POIコード",)),
        *ADDRESS_FIELDS,
        *CONTACT,
        *OPENING,
        Field("barrier_free", ("バリアフリー情報",), N_("Accessibility")),
        *FACILITY_FLAGS,
        *(Field(f"access_{i}", (header,)) for i, header in enumerate(FACILITY_OTHER)),
        *TAIL,
    ),
    key=(
        (
            "poi_code",
            "barrier_free",
            *(f.key for f in FACILITY_FLAGS),
            *(f"access_{i}" for i in range(len(FACILITY_OTHER))),
        ),
    ),
    editions=STANDARD,
    source_note=CIO,
)

CULTURAL = Dataset(
    "cultural",
    "文化財一覧",
    N_("Cultural property"),
    (
        ID,
        NAME,
        KANA,
        Field("common_name", ("名称_通称", "通称"), N_("Also called")),
        Field("cp_class", ("文化財分類", "指定区分", "文化財種別"), N_("Designation")),
        Field("cp_kind", ("種類",), N_("Type")),
        Field("cp_date", ("文化財指定日", "指定年月日"), N_("Designated on")),
        VENUE,
        *ADDRESS_FIELDS,
        *CONTACT,
        Field("owner", ("所有者等", "所有者"), N_("Owner")),
        *OPENING,
        *TAIL,
    ),
    key=(("cp_class", "cp_date"),),
    editions=LIST_2020,
    source_note=CIO_REPO.format("04_文化財一覧"),
)

POLLING = Dataset(
    "polling",
    "投票所一覧",
    N_("Polling station"),
    (
        ID,
        named(NAME, "投票所名", "投票所名称", "投票所"),
        named(KANA, "投票所名_カナ"),
        Field("district", ("投票区", "投票区名", "投票区番号"), N_("Voting district")),
        *ADDRESS_FIELDS,
        *CONTACT,
        Field("voting_hours", ("投票時間",), N_("Voting hours")),
        Field("early_voting", ("期日前投票期間", "期日前投票の期間"), N_("Early voting period")),
        Field("area_served", ("該当住所", "対象区域", "投票区域"), N_("For residents of")),
        *TAIL,
    ),
    key=(("district", "early_voting"),),
    editions="municipal lists (not verified against a published standard)",
    source_note="municipal polling-station lists (投票区, 投票所, 該当住所)",
)

WATER = Dataset(
    "water",
    "防災井戸・災害時給水拠点一覧",
    N_("Emergency water point or disaster well"),
    (
        ID,
        named(NAME, "井戸名", "井戸名称", "給水拠点名", "給水所名", "給水拠点名称"),
        KANA,
        *ADDRESS_FIELDS,
        replace(LOCATION_DETAIL, label=N_("Location in the building")),
        flag(
            "drinkable",
            ("飲用可否", "飲用の可否", "飲用", "飲料水"),
            N_("Drinking water"),
            N_("Safe to drink"),
            N_("Not for drinking"),
        ),
        Field("supply_method", ("給水方法", "給水方式", "給水形態"), N_("How water is given out")),
        Field("pump", ("ポンプ種別", "ポンプの種類", "揚水方法"), N_("Pump")),
        Field("storage", ("貯水量", "貯水容量"), N_("Water stored")),
        *CONTACT,
        *TAIL,
    ),
    key=(("drinkable", "supply_method", "pump", "storage"),),
    editions="municipal lists (no national standard yet)",
    source_note="municipal 防災井戸 / 災害時給水拠点 lists (飲用可否, 給水方法, ポンプ種別)",
)  # fmt: skip

EVENT = Dataset(
    "event",
    "イベント一覧",
    N_("Event"),
    (
        ID,
        named(NAME, "イベント名", "催し名", "行事名"),
        named(KANA, "イベント名_カナ"),
        Field("start_date", ("開始日", "開催日", "開催開始日"), N_("Date"), "date"),
        Field("end_date", ("終了日", "開催終了日"), kind="date"),
        START,
        END,
        named(HOURS_NOTE, "開始日時特記事項"),
        VENUE,
        *ADDRESS_FIELDS,
        Field("fee", ("料金(基本)", "料金", "参加費"), N_("Fee")),
        Field("fee_detail", ("料金(詳細)",)),
        Field("organiser", ("主催者",), N_("Organiser")),
        Field("contact_name", ("連絡先名称",)),
        PHONE,
        EXTENSION,
        Field("capacity_event", ("定員",), N_("Places"), "number", "人"),
        Field("apply_by", ("参加申込終了日",), N_("Apply by")),
        Field("apply_how", ("参加申込方法",), N_("How to apply")),
        *TAIL,
    ),
    # a start date alone is also a facility's opening date: an event list says more of itself
    key=(
        ("start_date",),
        ("end_date", "fee", "fee_detail", "organiser", "apply_by", "apply_how"),
    ),
    category="events",
    editions=STANDARD,
    source_note=CIO,
)

DATASETS: tuple[Dataset, ...] = (
    EVACUATION,
    SHELTER,
    AED,
    TOILET,
    MEDICAL,
    CARE,
    CHILDCARE,
    FACILITY,
    CULTURAL,
    POLLING,
    WATER,
    EVENT,
)
BY_ID = {d.id: d for d in DATASETS}
# A CSV matching none of the above still shows as a plain list when it has these.
PLAIN = Dataset(
    "plain",
    "",
    "",
    (ID, NAME, KANA, *ADDRESS_FIELDS, *CONTACT, *OPENING, *TAIL),
    key=(),
)
