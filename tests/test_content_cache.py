"""content_cache: work done once per content, bounded in entries and in bytes."""

from __future__ import annotations

from networking_works.content_cache import ContentCache


def test_a_text_is_computed_once_while_it_is_kept() -> None:
    cache: ContentCache[int] = ContentCache(max_entries=4, max_bytes=1000)
    calls: list[str] = []

    def compute(text: str) -> int:
        calls.append(text)
        return len(text)

    assert [cache.get(t, compute) for t in ("ab", "ab", "abc", "ab")] == [2, 2, 3, 2]
    assert calls == ["ab", "abc"]


def test_the_least_recently_used_goes_first_when_entries_are_full() -> None:
    cache: ContentCache[str] = ContentCache(max_entries=2, max_bytes=1000)
    for text in ("a", "b", "a", "c"):  # "b" is the least recently used when "c" comes
        cache.get(text, str.upper)
    assert len(cache) == 2
    before = cache.computed
    cache.get("a", str.upper)
    cache.get("c", str.upper)
    assert cache.computed == before
    cache.get("b", str.upper)
    assert cache.computed == before + 1


def test_bytes_are_bounded_and_a_text_larger_than_the_bound_is_not_kept() -> None:
    cache: ContentCache[int] = ContentCache(max_entries=100, max_bytes=10)
    for text in ("aaaa", "bbbb", "cccc"):
        cache.get(text, len)
    assert cache.kept_bytes <= 10 and len(cache) == 2
    cache.get("x" * 11, len)
    assert cache.kept_bytes <= 10 and len(cache) == 2
    cache.get("é" * 5, len)  # ten bytes in UTF-8, five characters
    assert cache.kept_bytes == 10 and len(cache) == 1


def test_an_entry_counts_its_overhead_and_its_scaled_text() -> None:
    cache: ContentCache[int] = ContentCache(max_entries=100, max_bytes=100, overhead=20, scale=2)
    cache.get("abcde", len)  # 20 + 2 x 5
    assert cache.kept_bytes == 30
    for text in ("fghij", "klmno", "pqrst"):
        cache.get(text, len)
    assert cache.kept_bytes == 90 and len(cache) == 3  # the first went to make room
    cache.get("x" * 41, len)  # 102 counted: more than the bound, computed but not kept
    assert cache.kept_bytes == 90 and len(cache) == 3
