"""What a page will show as furigana and what the voice will say, for `kiosk content check
--readings`; and user-dictionary suggestions for names the dictionary may not know."""

from __future__ import annotations

from collections.abc import Iterator

from kiosk.content.furigana import annotate_content, page_glossary
from kiosk.content.model import SourceContent


def readings_lines(content: SourceContent) -> Iterator[str]:
    """Per Japanese page: each text unit with its readings as 漢字(かんじ), then each sentence
    as the voice says it (kana), from the same analysis the kiosk uses."""
    from kiosk.speech.normalize import split_sentences
    from kiosk.speech.prepare import prepare

    annotated = annotate_content(content)
    items = {item.key: item for item in annotated.items}
    for page in annotated.pages:
        item = items.get(page.item_key)
        if item is None or item.lang != "ja":
            continue
        yield f"# {_inline(page.title_ruby) or item.title}"
        for block in page.blocks:
            for unit, pairs in zip(block.units(), block.ruby, strict=False):
                yield f"  {_inline(pairs) or unit}"
                for span in split_sentences(unit, "ja"):
                    yield f"    🔊 {prepare(span.text, 'ja', page_glossary(page.blocks)).kana}"


def suggestions(content: SourceContent) -> list[tuple[str, str]]:
    """(word, reading) for proper nouns in kanji that neither the content nor the user
    dictionary gives a reading for: staff check the reading and add it to readings.toml."""
    from kiosk.content.analysis import analyse, furigana_reading, has_kanji
    from kiosk.content.userdict import load_user_dictionary

    known = {base for base, _ in load_user_dictionary()}
    found: dict[str, str] = {}
    for page in content.pages:
        known_here = known | {base for base, _ in page_glossary(page.blocks)}
        texts = [unit for block in page.blocks for unit in block.units()]
        for text in texts:
            result = analyse(text)
            for word, feature in zip(result.words, result.features, strict=True):
                if (
                    feature.get("pos_group1") == "固有名詞"
                    and has_kanji(word.surface)
                    and word.surface not in known_here
                ):
                    found.setdefault(word.surface, furigana_reading(word.read, word.pron))
    return sorted(found.items())


def _inline(pairs) -> str:  # noqa: ANN001 - sequence of (base, reading)
    return "".join(f"{base}({reading})" if reading else base for base, reading in pairs)
