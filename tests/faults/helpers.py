"""Helpers of the fault tests: edit the corpus underneath an engine, find a save's leftovers."""

from __future__ import annotations

from pathlib import Path

# A word of the seed corpus found in one paper only (Llama 4's "Behemoth" teacher model).
OLD_WORD, NEW_WORD = "Behemoth", "Zorblax"
QUESTION = "What is the Behemoth teacher model?"


def rename_word(corpus_dir: Path, old: str = OLD_WORD, new: str = NEW_WORD) -> None:
    """Edit the corpus underneath a running engine: the question above stops finding its paper."""
    changed = 0
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new), encoding="utf-8")
            changed += 1
    assert changed, f"{old!r} is no longer in the seed corpus; pick another word"


def leftovers(directory: Path) -> list[str]:
    """Temporary or retired files a save might leave behind (names from store.py / persistence.py)."""
    return sorted(
        str(p.relative_to(directory.parent))
        for p in directory.parent.rglob("*")
        if p.name.endswith(".tmp") or ".new-" in p.name or ".old-" in p.name
    )
