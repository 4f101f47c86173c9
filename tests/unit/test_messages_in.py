"""``messages_in``: one thread's messages in another language, the screen's left alone."""

from __future__ import annotations

import threading

from kiosk.i18n import current_language, gettext, messages_in, set_language


def test_a_thread_words_its_messages_in_english_while_the_screen_stays_japanese() -> None:
    set_language("ja")
    seen: dict[str, str] = {}
    inside = threading.Event()
    release = threading.Event()

    def sync_thread() -> None:
        with messages_in("en"):
            seen["thread"] = gettext("Read aloud")
            seen["thread_lang"] = current_language()
            inside.set()
            release.wait(5)
        seen["after"] = gettext("Read aloud")

    worker = threading.Thread(target=sync_thread)
    worker.start()
    assert inside.wait(5)
    # while the thread is inside its block, this (the UI) thread still speaks Japanese
    assert gettext("Read aloud") == "読み上げ" and current_language() == "ja"
    release.set()
    worker.join(5)
    assert seen == {"thread": "Read aloud", "thread_lang": "en", "after": "読み上げ"}


def test_blocks_nest_and_an_explicit_language_still_wins() -> None:
    set_language("ja")
    with messages_in("en"):
        with messages_in("ko"):
            assert current_language() == "ko"
        assert current_language() == "en"
        assert gettext("Read aloud", "ja") == "読み上げ"
    assert current_language() == "ja"
