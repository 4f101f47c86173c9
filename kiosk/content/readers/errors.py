"""Error types of the readers: each reader raises only its own, all are ContentErrors."""

from __future__ import annotations

from kiosk.content.problems import ContentError


class ReaderError(ContentError):
    """Input a reader cannot use; the message is one short line fit for a source status."""

    def __str__(self) -> str:
        return "; ".join(p.message for p in self.problems)


class FeedError(ReaderError):
    """An RSS/Atom feed that cannot be read."""


class JsonFeedError(ReaderError):
    """A JSON Feed that cannot be read."""


class HtmlError(ReaderError):
    """An HTML page with no usable text."""


class CsvError(ReaderError):
    """An open-data CSV that cannot be read."""


class DetectError(ReaderError):
    """Content whose format cannot be recognised."""
