"""The client's one search rule: every word typed is in one of the texts searched (case-folded).

The specialist list searches a specialist's name and what they offer; the slot list and the
calendar search a slot's specialist and context, with the same words.
"""

from __future__ import annotations


def search_words(text: str) -> tuple[str, ...]:
    return tuple(text.casefold().split())


def matches(words: tuple[str, ...], *texts: str) -> bool:
    """Every word of the search is in one of ``texts`` (case-folded)."""
    if not words:
        return True
    haystack = " ".join(texts).casefold()
    return all(word in haystack for word in words)
