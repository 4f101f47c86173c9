"""れんしゅう / Practice: a guided try-out opened from the how-to screen. It asks for one thing
at a time and praises each step; there is always a "Next" button, so nobody can fail or get
stuck. (Split from screens/howto.py.)
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import TEXT_SIZES
from kiosk.i18n import gettext as _
from kiosk.ui.widgets.buttons import BigButton, set_style_property
from kiosk.ui.widgets.ruby import RubyLabel
from kiosk.ui.widgets.scroll import ScrollPane, vertical_scroll_area

# The practice's layouts, roomiest first; a step takes the first one that shows the button it
# asks for without scrolling (issue 20: at 200 % on 1280×800 the praise, the count and the
# instruction pushed it below the fold). Per level: the gap between parts, the praise's and
# the instruction's style roles, whether the big button is the compact one, whether the count
# shows (the least needed part: the last thing given up).
FIT_SPACING = (32, 16, 12, 12)
FIT_PRAISE = ("praise", "praise-compact", "praise-small", "praise-small")
FIT_INSTRUCTION = ("title", "title", "instruction-compact", "instruction-compact")
FIT_COMPACT_BUTTON = (False, True, True, True)
FIT_COUNT = (True, True, True, False)


def _height(widget: QWidget, width: int) -> int:
    """A part's height in a column ``width`` wide, as its layout will make it."""
    widget.ensurePolished()
    if widget.hasHeightForWidth():
        return widget.heightForWidth(width)
    if widget.layout() is not None:
        widget.layout().activate()
    hint = widget.sizeHint().height()
    return max(hint, widget.minimumSizeHint().height(), widget.minimumHeight())


class PracticeScreen(QWidget):
    """Steps: tap → scroll → back → read aloud → text size → done. The window drives the
    'back' step (the extra page) and the speech of the 'read' step.

    Each step has its own praise, shown on the screen that follows it, and only there (issue
    20: the extra page of the 'back' step showed the scroll step's praise); a count
    ("3 / 5") says how far along the person is."""

    screen_name = "practice"
    STEPS = ("tap", "scroll", "back", "read", "size", "done")
    open_step_page = Signal()  # the 'back' step needs a page to go back from
    size_chosen = Signal(int)
    read_aloud_requested = Signal(str)  # the practice text, to be spoken (window: speech)
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = "tap"
        self.away = False  # True on the extra page of the 'back' step
        self.count = RubyLabel()
        self.count.setObjectName("practice-count")
        self.count.setProperty("role", "muted")  # small: the instruction is what matters
        self.praise = RubyLabel()
        self.praise.setObjectName("practice-praise")
        self.praise.setProperty("role", "praise")
        self.instruction = RubyLabel()
        self.instruction.setProperty("role", "title")
        self.target = BigButton(name="practice-target")
        self.target.setProperty("role", "huge")
        self.target.clicked.connect(self._tapped)
        # The read step: the same words and symbol as the read-aloud button on every page.
        self.read_text = RubyLabel()
        self.read_text.setObjectName("practice-read-text")
        self.read_button = BigButton(name="practice-read")
        self.read_button.clicked.connect(self._read)
        # The scroll step scrolls this very page: extra lines make it long enough to need it.
        self.lines = [RubyLabel() for _ in range(20)]
        self.sizes = {s: BigButton(name=f"practice-size-{s}") for s in TEXT_SIZES}
        size_row = QHBoxLayout()
        size_row.setSpacing(36)
        for step, button in self.sizes.items():
            button.clicked.connect(lambda _=False, s=step: self._size(s))
            size_row.addWidget(button)
        self.size_host = QWidget()
        self.size_host.setLayout(size_row)
        self.next_button = BigButton(name="practice-next")
        self.next_button.clicked.connect(self.advance)
        body = QWidget()
        column = self._column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(FIT_SPACING[0])
        # in the scrolling part: at 200 % on a small screen the text gets the room. The count
        # is the instruction's caption, close above it (8 px, not 32): with the full gap the
        # first step's button ended 9 px below the fold at 200 % on 1280×800 and was hidden.
        column.addWidget(self.praise)
        lead = self._lead = QVBoxLayout()
        lead.setSpacing(8)
        lead.addWidget(self.count)
        lead.addWidget(self.instruction)
        column.addLayout(lead)
        column.addWidget(self.target, 0, Qt.AlignmentFlag.AlignHCenter)
        # the button the instruction names right under it; the text it reads aloud below it
        column.addWidget(self.read_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.read_text)
        column.addWidget(self.size_host)
        for line in self.lines:
            column.addWidget(line)
        column.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addStretch(1)
        self.area = vertical_scroll_area(body)
        self.area.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.area.viewport().installEventFilter(self)
        self.scroll = ScrollPane(self.area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(24)
        layout.addWidget(self.scroll, 1)
        self.start()

    def start(self) -> None:
        self.step, self.away = "tap", False
        self.praise.setText("")
        self._show()

    def show_place(self, argument: object) -> None:
        """The window shows us; ``argument`` 'away' is the extra page of the 'back' step."""
        if argument == "away":
            self.away = True
            # this page's own praise (for opening it), never the previous step's
            self.praise.setText("✿ " + _("Good! Another page opened."))
        elif self.away and self.step == "back":  # they pressed Back: well done
            self.away = False
            self._praise_and(_("Well done! That is how you go back."), "read")
            return
        self._show()

    def _praise_and(self, praise: str, step: str) -> None:
        self.praise.setText("✿ " + praise)
        self.step = step
        self._show()

    def advance(self) -> None:
        """'Next': move on without judging."""
        order = self.STEPS
        if self.step == "done":
            self.finished.emit()
            return
        self.away = False
        self.praise.setText("")
        self.step = order[order.index(self.step) + 1]
        self._show()

    def _tapped(self) -> None:
        if self.step == "tap":
            self._praise_and(_("Wonderful! You pressed the button."), "scroll")
        elif self.step == "back" and not self.away:
            self.open_step_page.emit()
        elif self.step == "done":
            self.finished.emit()

    def _scrolled(self, value: int) -> None:
        if self.step == "scroll" and value > 0:
            self._praise_and(_("Very good! The text moved."), "back")

    def _read(self) -> None:
        self.read_aloud_requested.emit(self.read_text.text())
        if self.step == "read":
            self._praise_and(_("Well done! This button reads a page aloud."), "size")

    def _size(self, step: int) -> None:
        self.size_chosen.emit(step)
        if self.step == "size":
            self._praise_and(_("Excellent! You can choose the size you like."), "done")

    def _show(self) -> None:
        step = self.step
        # A pressed button that now hides passed the focus on to the next one, and the scroll
        # area scrolled to show it (Next, at the bottom): at 200 % that scroll alone finished
        # the scroll step, praising "the text moved" before the person did anything.
        focused = QApplication.focusWidget()
        had_focus = focused is not None and self.area.widget().isAncestorOf(focused)
        if had_focus:
            focused.clearFocus()
        self.praise.setVisible(bool(self.praise.text()))
        self.target.setVisible(step in ("tap", "back", "done"))
        for line in self.lines:
            line.setVisible(step == "scroll")
        self.size_host.setVisible(step == "size")
        self.read_text.setVisible(step == "read")
        self.read_button.setVisible(step == "read")
        numbered = self.STEPS[:-1]
        self.count.setVisible(step in numbered)
        if step in numbered:
            self.count.setText(
                _("Step {n} of {total}").format(n=numbered.index(step) + 1, total=len(numbered))
            )
        self.area.verticalScrollBar().setValue(0)
        self.next_button.setVisible(step != "done")
        if step == "tap":
            self.instruction.setText(_("Press the big button below."))
            self.target.set_text(_("Press here"))
        elif step == "scroll":
            self.instruction.setText(_("Press ▼ or slide the text up with your finger."))
            for n, line in enumerate(self.lines, 1):
                line.setText(_("Line {n} of the practice text.").format(n=n))
        elif step == "back":
            if self.away:
                self.instruction.setText(_("This is another page. Now press ◀ Back at the bottom."))
                self.target.hide()
            else:
                self.instruction.setText(_("Press the button below to open another page."))
                self.target.set_text(_("Open a page"))
        elif step == "read":
            label = "▶ " + _("Read aloud")  # as on the read-aloud button (kiosk.ui.read_aloud)
            self.instruction.setText(
                _("Press “{button}”: the kiosk reads the text below aloud.").format(button=label)
            )
            self.read_text.setText(
                _("Hello. This is the practice text. You can listen to every page like this.")
            )
            self.read_button.set_text(label, _("Read this page aloud"))
        elif step == "size":
            self.instruction.setText(_("Choose a text size."))
            for size, button in self.sizes.items():
                button.set_text({1: _("Normal"), 2: _("Large"), 3: _("Largest")}[size])
        else:
            self.instruction.setText(_("All done! You can now use the kiosk."))
            self.target.set_text(_("Finish"))
        self.next_button.set_text(_("Next") + " ▶", _("Next"))
        self.scroll.retranslate()
        self._fit()
        wanted = self.asked_for()
        if had_focus and isinstance(wanted, QPushButton) and wanted.isVisibleTo(self):
            wanted.setFocus()  # a keyboard or switch user goes on from the step's own button

    def retranslate(self) -> None:
        self._show()

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802 - Qt override
        """The room changed (screen size, text size, the bars around it): fit again."""
        if event.type() == QEvent.Type.Resize and event.size() != event.oldSize():
            self._fit()
        return False

    def asked_for(self) -> QWidget:
        """What must show whole without scrolling: the button the step asks the person to
        press; where that is ▼ or Back (fixed places outside the scrolling part), the
        instruction that names it."""
        if self.step == "read":
            return self.read_button
        if self.step == "size":
            return self.size_host
        if self.target.isVisibleTo(self):
            return self.target
        return self.instruction

    def _fit(self) -> None:
        """The roomiest layout that shows the step's button whole without scrolling: the
        praise gets smaller first (it must not push the task away), then the big button and
        the gaps, then the instruction, and last the step count."""
        wanted = self.asked_for()
        room = self.area.viewport().height()
        level = 0
        while True:
            self._set_level(level)
            if level == len(FIT_SPACING) - 1:
                break
            if room <= 0 or self._bottom_of(wanted) <= room:
                break
            level += 1
        self.fit_level = level

    def _set_level(self, level: int) -> None:
        set_style_property(self.praise, "role", FIT_PRAISE[level])
        set_style_property(self.instruction, "role", FIT_INSTRUCTION[level])
        set_style_property(self.target, "compact", FIT_COMPACT_BUTTON[level])
        self._column.setSpacing(FIT_SPACING[level])
        numbered = self.step in self.STEPS[:-1]
        self.count.setVisible(numbered and FIT_COUNT[level])

    def _bottom_of(self, wanted: QWidget) -> int:
        """Where ``wanted`` ends in the scrolling part at its current width, summed from
        the parts above it (the layout itself settles only after the next event)."""
        column = self._column
        margins = column.contentsMargins()
        bar = self.area.verticalScrollBar()  # the narrower width, with the scroll bar
        narrower = 0 if bar.isVisibleTo(self) else bar.sizeHint().width()
        width = self.area.viewport().width() - narrower - margins.left() - margins.right()
        y = margins.top()
        for index in range(column.count()):
            item = column.itemAt(index)
            widget, inner = item.widget(), item.layout()
            if inner is not None:
                parts = [inner.itemAt(i).widget() for i in range(inner.count())]
                shown = [w for w in parts if w is not None and w.isVisibleTo(self)]
                for part in shown:
                    y += _height(part, width)
                    if part is wanted:
                        return y
                    y += inner.spacing()
                if shown:
                    y += column.spacing() - inner.spacing()
                continue
            if widget is None or not widget.isVisibleTo(self):
                continue
            if widget is wanted:
                return y + _height(widget, width)
            y += _height(widget, width) + column.spacing()
        return y
