"""Take-home: the QR code of a page's link, and large print on A4 (checked in a PDF)."""

from __future__ import annotations

from pathlib import Path

import pypdf
import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from kiosk.content.model import Block, BlockKind, Category, Item, Page, Source, SourceContent
from kiosk.ui.takehome import PRINT_BODY_PT, QR_SCREEN_PX, TakeHome, print_document, qr_image

LINK = "https://www.town.sakuragawa.example.jp/kenko/flu.html"


def add_linked_page(store) -> str:  # noqa: ANN001
    source = Source("town-health", "feed", "https://example.invalid/feed", Category.HEALTH)
    item = Item(
        "town-health", "flu-2026", "インフルエンザ予防接種のお知らせ", Category.HEALTH, link=LINK
    )
    blocks = (
        Block(BlockKind.PARAGRAPH, text="65歳以上の方は、自己負担1,500円で受けられます。"),
        Block(BlockKind.LIST, items=("期間：10月1日〜1月31日", "持ち物：保険証")),
    )
    store.replace_source(SourceContent(source, (item,), (Page(item.key, blocks),), ()))
    return item.key


def test_qr_is_the_link_and_scannable_size() -> None:
    image = qr_image(LINK, module_px=4, border=4)
    modules = len(segno.make_qr(LINK, error="m").matrix) + 8
    assert image.width() == image.height() == modules * 4
    assert QImage.Format.Format_RGB32 == image.format()
    # quiet zone white, the finder pattern's corner black
    assert image.pixelColor(1, 1).name() == "#ffffff"
    assert image.pixelColor(4 * 4 + 1, 4 * 4 + 1).name() == "#000000"


def test_qr_shown_only_for_pages_with_a_link(qtbot, window) -> None:
    takehome = TakeHome(window)
    key = add_linked_page(window.vms.store)
    window.open_page(key)
    assert takehome.qr.isVisible() and takehome.qr.link == LINK
    assert takehome.qr.image.pixmap().width() == QR_SCREEN_PX
    window.go_home()
    window.open_category(Category.HEALTH)
    demo_key = next(
        r.property("key") for r in window.category.visible_rows() if r.property("key") != key
    )
    window.open_page(demo_key)  # demo pages have no link
    assert not takehome.qr.isVisible()
    # no printer in the test machine: the Print button stays hidden and says why
    assert not takehome.print_button.isVisible()
    assert takehome.problem


def test_print_is_large_a4_with_the_link(qtbot, window, tmp_path: Path) -> None:
    takehome = TakeHome(window)
    window.open_page(add_linked_page(window.vms.store))
    pdf = tmp_path / "page.pdf"
    assert takehome.print_current(pdf=pdf) is None
    reader = pypdf.PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    # pypdf breaks lines at every font-run change: compare without line breaks
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "インフルエンザ予防接種" in text and LINK in text
    assert "自己負担1,500円" in text
    # every run of text is at least 16 pt
    doc = takehome.document()
    block = doc.begin()
    sizes = set()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.text().strip():
                sizes.add(fragment.charFormat().font().pointSizeF())
            it += 1
        block = block.next()
    assert sizes and min(sizes) >= 16, sizes
    assert PRINT_BODY_PT in sizes


def test_print_document_without_link_has_no_qr() -> None:
    doc = print_document("題", "", (Block(BlockKind.PARAGRAPH, text="本文"),), "")
    assert "qr:link" not in doc.toHtml()


def test_print_button_tells_what_happened(qtbot, window, monkeypatch, tmp_path: Path) -> None:
    import kiosk.ui.takehome as takehome_module

    takehome = TakeHome(window)
    window.open_page(add_linked_page(window.vms.store))
    # no printer here: pressing Print says to ask staff (the button is normally hidden)
    qtbot.mouseClick(takehome.print_button, Qt.MouseButton.LeftButton)
    assert "係の人" in takehome.print_button.text()
    # with a printer (a PDF stands in for it) it says where to collect the page
    pdf = tmp_path / "out.pdf"
    real_print = takehome_module.print_page
    monkeypatch.setattr(takehome_module, "printer_problem", lambda name: None)
    monkeypatch.setattr(
        takehome_module, "print_page", lambda doc, name, out=None: real_print(doc, "", pdf)
    )
    qtbot.mouseClick(takehome.print_button, Qt.MouseButton.LeftButton)
    assert takehome.print_button.text().startswith("✔") and pdf.stat().st_size > 1000
    window.go_home()
    assert "係の人" not in takehome.print_button.text()


def test_a_printer_switched_on_later_gets_its_print_button(qtbot, window, monkeypatch) -> None:
    import kiosk.ui.takehome as takehome_module

    now = [1000.0]
    takehome = TakeHome(window, clock=lambda: now[0])
    key = add_linked_page(window.vms.store)
    window.open_page(key)
    assert takehome.problem and not takehome.print_button.isVisible()  # no printer yet
    monkeypatch.setattr(takehome_module, "printer_problem", lambda name: None)  # plugged in
    window.go_home()
    window.open_page(key)
    assert not takehome.print_button.isVisible()  # the answer holds for a while…
    now[0] += takehome_module.PRINTER_RECHECK_S
    window.go_home()
    window.open_page(key)
    assert takehome.print_button.isVisible()  # …then the printer is asked again
