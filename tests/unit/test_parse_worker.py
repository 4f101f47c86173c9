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


def test_answers_travel_by_constructor_and_arrive_equal_for_every_kind() -> None:
    """The content model's objects are pickled as constructor + field values (cheaper to load
    in the kiosk): what arrives equals what was read, alerts and dates included, and the
    stream loads without the worker's module (only the model's classes are named in it)."""
    import pickle
    import pickletools

    from kiosk.content.readers import read_bytes

    samples = {
        "feed": "feeds/us_usgs_m5_earthquakes_atom_georss.xml",
        "jsonfeed": "jsonfeed/daringfireball_jsonfeed_v1.1_real.json",
        "html": "html/katsuragi_town_reiki_chushajo_jorei.html",
        "csv": "opendata_csv/ichikawa_122033_evacuation_space_cp932.csv",
        "cap": "cap/canada_ec_weather_bilingual.cap.xml",
        "jmx": "jmx/VXSE51_20240101_noto_shindo_sokuho_real.xml",
    }
    for kind, path in samples.items():
        source = Source(kind, kind, "http://127.0.0.1/" + kind, Category.DISASTER, lang="")
        content = read_bytes((SHARED_FEEDS / path).read_bytes(), source, kind)
        assert content.items or content.alerts, kind
        stream = io.BytesIO()
        write_message(stream, ("ok", content), by_fields=True)
        data = stream.getvalue()[4:]
        ops = [(op.name, arg) for op, arg, _ in pickletools.genops(data)]
        # No object is rebuilt through __setstate__ (BUILD): each is called with its fields.
        assert ("BUILD", None) not in ops, kind
        assert any(op.name == "BUILD" for op, _, _ in pickletools.genops(pickle.dumps(content)))
        assert not any("parse_worker" in str(arg) for _, arg in ops)
        assert pickle.loads(data) == ("ok", content), kind
