"""`kiosk content preview`: show a package's pages on the real page screen before import.

The package goes into an in-memory store of its own (the kiosk's store is never touched),
and the real KioskWindow renders each page; offscreen it saves one PNG per page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from kiosk.content.archive import is_zip, safe_extract
from kiosk.content.model import Item, SourceContent
from kiosk.content.packages import read_package
from kiosk.content.store import Store
from kiosk.i18n import available_languages, current_language, set_language
from kiosk.viewmodels.screens import ViewModels


def load_for_preview(path: Path, workdir: Path) -> SourceContent:
    path = Path(path)
    root = safe_extract(path, workdir / "package") if is_zip(path) else path
    return read_package(root)


def preview_window(
    content: SourceContent, size: tuple[int, int], theme: str = "light", text_size: int = 1
):
    """A real KioskWindow over an in-memory store that holds only this package."""
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    application()
    store = Store(":memory:")
    from kiosk.content.furigana import annotate_content

    store.replace_source(annotate_content(content))
    window = KioskWindow(ViewModels(store), theme=theme, text_size=text_size)
    window.setFixedSize(*size)
    return window


def show_page(window, item: Item) -> None:
    """Open ``item`` as a person would: home → its category → the page, in its language."""
    if item.lang in available_languages():
        set_language(item.lang)
    window.go_home()
    window.open_category(item.category)
    window.open_page(item.key)
    if window.page.vm is None or window.page.vm.item_key != item.key:
        # A language the screen has no translation for: show the page itself.
        window.page.show_vm(window.vms.page(item.key, item.lang), window.theme, window.metrics)


def render_pages(
    path: Path,
    out_dir: Path,
    size: tuple[int, int] = (1920, 1080),
    theme: str = "light",
    text_size: int = 1,
) -> list[Path]:
    """Save one PNG per page (``<slug>.<lang>.png``) into ``out_dir``; return their paths."""
    from PySide6.QtWidgets import QApplication

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    language = current_language()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="hiroba-preview-") as tmp:
        content = load_for_preview(path, Path(tmp))
        window = preview_window(content, size, theme, text_size)
        window.show()
        try:
            for item in content.items:
                show_page(window, item)
                QApplication.processEvents()
                out = out_dir / f"{item.guid}.{item.lang}.png"
                if not window.grab().save(str(out), "PNG"):
                    raise OSError(f"{out}: could not write the PNG")
                written.append(out)
        finally:
            window.close()
            window.deleteLater()
            set_language(language)
    return written


def show_interactive(path: Path, theme: str = "light", text_size: int = 1) -> int:
    """Open the first page in a normal window; Back/Home move around the package."""
    with tempfile.TemporaryDirectory(prefix="hiroba-preview-") as tmp:
        content = load_for_preview(path, Path(tmp))
        window = preview_window(content, (1280, 800), theme, text_size)
        window.setMinimumSize(640, 480)
        window.setMaximumSize(16777215, 16777215)
        if content.items:
            show_page(window, content.items[0])
        window.show()
        from PySide6.QtWidgets import QApplication

        return int(QApplication.instance().exec())
