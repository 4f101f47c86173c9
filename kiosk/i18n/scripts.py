"""Character classes of the scripts the kiosk meets, for regular expressions (declared once).

KANJI: CJK ideographs (Extension A, the unified block, compatibility ideographs) and the marks
that stand for a kanji and take a reading with it: 々 (repeat), 〆 (shime), ヶ (as in 霞ヶ関).
"""

KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
