"""The parse worker's message loop (kiosk.content.parse_worker.serve) on in-memory pipes: the
real process is exercised in tests/e2e/test_sync_parse_processes.py."""

from __future__ import annotations

import io

from kiosk.content.model import Category, Source
from kiosk.content.parse_worker import _error_reply, read_message, serve, write_message
from kiosk.content.readers.errors import FeedError, ReaderError
from tests.conftest import SHARED_FEEDS

SOUMU = SHARED_FEEDS / "feeds/jp_soumu_news_rss10_shiftjis_20210719.rdf"


def _answers(*messages: tuple) -> list[tuple]:
    requests = io.BytesIO()
    for message in messages:
        write_message(requests, message)
    requests.seek(0)
    replies = io.BytesIO()
    serve(requests, replies)  # returns when the requests end
    replies.seek(0)
    found = []
    while True:
        try:
            found.append(read_message(replies))
        except EOFError:
            return found


def test_documents_are_answered_in_order_and_a_failure_does_not_end_the_loop() -> None:
    data = SOUMU.read_bytes()
    source = Source("soumu", "feed", "http://127.0.0.1/news.rdf", Category.NOTICES)
    ok, failed, again = _answers(
        ("read", "feed", data, source),
        ("read", "feed", data[: len(data) // 2], source),
        ("read", "feed", data, source),
    )
    assert ok[0] == "ok" and len(ok[1].items) > 10
    assert failed[0] == "error" and isinstance(failed[1], FeedError)
    assert "cut off" in str(failed[1]) and "Traceback" in failed[2]
    assert again == ok


def test_an_exception_that_cannot_travel_comes_back_as_its_text() -> None:
    class Odd(Exception):  # a local class: pickle cannot find it by name
        pass

    try:
        raise Odd("the reader tripped")
    except Odd as exc:
        status, error, trace = _error_reply(exc)
    assert status == "error"
    assert isinstance(error, ReaderError)
    assert str(error) == "Odd: the reader tripped"
    assert "the reader tripped" in trace
