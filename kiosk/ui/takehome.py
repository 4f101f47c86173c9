"""Take-home: a QR code of the page's source link, and large-print (A4, ≥16 pt) printing.

The QR is drawn from segno's module matrix with QPainter, so it is sharp at any size on the
screen and on paper. Printing uses QtPrintSupport (part of PySide6-Essentials).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from html import escape as _escape_html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.content.model import Block, BlockKind
from kiosk.fonts import css_families
from kiosk.i18n import gettext as _
from kiosk.ui.fonts import kiosk_font
from kiosk.ui.widgets.buttons import BigButton

if TYPE_CHECKING:
    from PySide6.QtGui import QImage, QTextDocument

log = logging.getLogger("kiosk.print")


def escape(text: str) -> str:
    """Escaped HTML that breaks lines only between phrases (kiosk.content.phrases)."""
    from kiosk.content.phrases import phrase_wrap

    return _escape_html(phrase_wrap(text))


PRINT_BODY_PT = 18  # large print: ≥16 pt
PRINT_TITLE_PT = 28
QR_PRINT_MM = 40
QR_SCREEN_PX = 220
# How long the answer "can this kiosk print?" holds: a printer switched on or plugged in later
# gets its Print button within this time, without a restart.
PRINTER_RECHECK_S = 120.0


def qr_image(text: str, module_px: int = 8, border: int = 4) -> QImage:
    """The QR code of ``text`` as a black-on-white image (quiet zone included)."""
    import segno  # only when a page has a link: keeps it off the cold start
    from PySide6.QtGui import QColor, QImage, QPainter  # their Qt types too (issue 17)

    matrix = segno.make_qr(text, error="m").matrix
    modules = len(matrix) + 2 * border
    image = QImage(modules * module_px, modules * module_px, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    black = QColor("black")
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                painter.fillRect(
                    (column + border) * module_px, (row + border) * module_px,
                    module_px, module_px, black,
                )  # fmt: skip
    painter.end()
    return image


def _block_html(block: Block) -> str:
    if block.kind is BlockKind.HEADING:
        return f'<h2 style="font-size:{PRINT_BODY_PT + 4}pt">{escape(block.text)}</h2>'
    if block.kind is BlockKind.LIST:
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + f"</{tag}>"
    if block.kind is BlockKind.TABLE:
        rows = "".join(
            "<tr>" + "".join(f'<td style="padding:4pt">{escape(c)}</td>' for c in r) + "</tr>"
            for r in block.rows
        )
        return f'<table border="1" cellspacing="0">{rows}</table>'
    if block.kind is BlockKind.IMAGE:
        return f"<p>［{escape(block.text)}］</p>"
    return "<p>" + escape(block.text).replace("\n", "<br>") + "</p>"


def print_document(
    title: str, date_text: str, blocks: tuple[Block, ...], link: str
) -> QTextDocument:
    """The page as a large-print document; the QR (if there is a link) at the end."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setDefaultFont(kiosk_font())  # the same named fonts on paper as on the screen
    doc.setDefaultStyleSheet(
        f"body {{ font-family: {css_families()}; font-size: {PRINT_BODY_PT}pt; }}"
        f" p, li {{ line-height: 150%; }}"
    )
    parts = [
        f'<h1 style="font-size:{PRINT_TITLE_PT}pt">{escape(title)}</h1>',
        f"<p>{escape(date_text)}</p>" if date_text else "",
        *(_block_html(b) for b in blocks),
    ]
    if link:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("qr:link"), qr_image(link))
        parts.append(
            f"<p>{escape(_('Scan to open this page on a phone:'))}<br>{escape(link)}</p>"
            f'<p><img src="qr:link" width="{QR_PRINT_MM * 4}" height="{QR_PRINT_MM * 4}"></p>'
        )
    doc.setHtml("<body>" + "\n".join(parts) + "</body>")
    return doc


def printer_problem(name: str = "") -> str | None:
    """Why printing cannot work here, in plain words; None if it can."""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError:
        return _("Printing is not available: Qt print support is not installed.")
    names = QPrinterInfo.availablePrinterNames()
    if name and name not in names:
        return _("Printer {name} was not found.").format(name=name)
    if not name and not QPrinterInfo.defaultPrinterName():
        return _("No printer is set up.")
    return None


def make_printer(name: str = "", pdf: Path | None = None):
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
    elif name:
        printer.setPrinterName(name)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName("Hiroba")
    return printer


def print_page(doc: QTextDocument, printer_name: str = "", pdf: Path | None = None) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from kiosk.ui.widgets.phrasing import freeze_phrase_breaks

    printer = make_printer(printer_name, pdf)
    # Laid out on the printer's own page, then the phrase breaks are fixed as line breaks
    # and the invisible marks dropped: the PDF's text (copy, search) is plain.
    doc.documentLayout().setPaintDevice(printer)
    doc.setPageSize(printer.pageRect(QPrinter.Unit.DevicePixel).size())
    freeze_phrase_breaks(doc)
    doc.print_(printer)
    log.debug("page printed")  # not at INFO: the log keeps no record of what visitors do


class QrPanel(QWidget):
    """The QR beside a page; hidden when the item has no link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qr-panel")
        self.link = ""
        self.image = QLabel()
        self.image.setObjectName("qr-image")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()
        self.caption.setProperty("role", "muted")
        # A fixed size: at 200 % text the caption would crowd out the page it belongs to.
        self.caption.setStyleSheet("font-size: 24px;")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedWidth(QR_SCREEN_PX + 40)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.addWidget(self.image)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.hide()

    def show_link(self, link: str) -> None:
        self.link = link
        if not link:
            self.hide()
            return
        from PySide6.QtGui import QPixmap

        image = qr_image(link).scaled(
            QR_SCREEN_PX, QR_SCREEN_PX, Qt.AspectRatioMode.KeepAspectRatio
        )
        self.image.setPixmap(QPixmap.fromImage(image))
        self.image.setAccessibleName(_("QR code of this page's web address"))
        self.caption.setText(_("Take this page home: scan with a phone"))
        self.show()


class TakeHome:
    """QR beside every page with a link; a Print button in the navigation bar."""

    def __init__(
        self,
        window,  # noqa: ANN001 - KioskWindow
        printer: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.window = window
        self.printer = printer
        self.clock = clock
        self.qr = QrPanel()
        window.page.add_beside(self.qr)
        self.print_button = BigButton(name="print")
        self.print_button.clicked.connect(lambda _=False: self._print_clicked())
        self._label_timer = QTimer(self.print_button)
        self._label_timer.setSingleShot(True)
        self._label_timer.setInterval(4000)
        self._label_timer.timeout.connect(self._reset_label)
        window.actions_row.addWidget(self.print_button)
        self._problem: str | None = None
        self._asked_at: float | None = None  # first asked on a page: print support loads then
        self.print_button.hide()
        window.navigated.connect(self.on_navigated)
        self.on_navigated(window.current.screen, "")

    @property
    def problem(self) -> str | None:
        """Why printing cannot work here, or None; the printers are first asked when a page is
        shown (QtPrintSupport and the print system stay out of the cold start), then again
        when the last answer is older than PRINTER_RECHECK_S."""
        now = self.clock()
        if self._asked_at is None or now - self._asked_at >= PRINTER_RECHECK_S:
            self._problem, self._asked_at = printer_problem(self.printer), now
        return self._problem

    @problem.setter
    def problem(self, problem: str | None) -> None:
        self._problem, self._asked_at = problem, self.clock()

    def _reset_label(self) -> None:
        self.print_button.set_text("🖨 " + _("Print"), _("Print"))

    def _print_clicked(self) -> None:
        problem = self.print_current()
        # Feedback on the button itself, where the eyes are; back to "Print" after a while.
        if problem:
            text = _("Cannot print now. Please tell a member of staff.")
        else:
            text = "✔ " + _("Printed. Please take it from the printer.")
        self.print_button.set_text(text)
        self._label_timer.start()

    def on_navigated(self, screen: str, detail: str) -> None:
        self._label_timer.stop()
        self._reset_label()
        on_page = screen == "page"
        offered = getattr(self, "qr_offered", True)  # [menu] qr
        self.qr.show_link(self.window.vms.link(detail) if on_page and offered else "")
        self.print_button.setVisible(on_page and self.problem is None)

    def document(self):  # noqa: ANN201 - QTextDocument
        vm = self.window.page.vm
        return print_document(vm.title, vm.date_text, vm.blocks, vm.link)

    def print_current(self, pdf: Path | None = None) -> str | None:
        """Print the page shown; returns why it could not, or None."""
        if self.window.page.vm is None:
            return _("No page is shown.")
        problem = None if pdf else printer_problem(self.printer)
        if problem:
            log.warning("print not possible: %s", problem)
            return problem
        print_page(self.document(), self.printer, pdf)
        return None
