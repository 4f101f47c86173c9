"""Prefecture names → JIS X 0401 codes, for JMA documents that name their area only in a title
(熱中症警戒アラート: 「埼玉県熱中症警戒アラート」, 「宗谷地方熱中症警戒アラート」)."""

from __future__ import annotations

# ruff: noqa: SIM905 (space-separated names read better than 70 quoted strings)

PREFECTURES = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 "
    "神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 "
    "大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 "
    "福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()
CODES = {name: f"{number:02d}" for number, name in enumerate(PREFECTURES, 1)}
# JMA splits a few prefectures into forecast regions of their own.
REGIONS = {
    **dict.fromkeys(
        "宗谷地方 上川・留萌地方 網走・北見・紋別地方 釧路・根室地方 十勝地方 胆振・日高地方 "
        "石狩・空知・後志地方 渡島・檜山地方 上川地方 留萌地方 石狩地方 空知地方 後志地方 "
        "網走地方 北見地方 紋別地方 根室地方 釧路地方 胆振地方 日高地方 渡島地方 檜山地方".split(),
        "01",
    ),
    "奄美地方": "46",
    **dict.fromkeys("沖縄本島地方 大東島地方 宮古島地方 八重山地方".split(), "47"),
}


def prefecture_area(name: str) -> tuple[str, str] | None:
    """(code, name) for a prefecture or JMA forecast region name; None when unknown."""
    name = name.strip()
    code = CODES.get(name) or REGIONS.get(name)
    return (code, name) if code else None
