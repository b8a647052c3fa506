"""Settings of the corpus layer (section `corpus:` in config/paperbot.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings import bounds, path_field, paths_field


@dataclass(frozen=True)
class CorpusSettings:
    # Files or folders to read; relative paths are resolved against the config file's folder.
    paths: list[str] = paths_field("corpus")  # noqa: RUF009 - returns a dataclasses.field
    # Curated YAML of titles/ids/fixes keyed by an abstract phrase; null disables it.
    overrides: str | None = path_field("corpus/overrides.yaml")
    # Two abstracts whose word-3-shingle overlap (|A∩B| / min(|A|,|B|)) reaches this are the same paper.
    near_duplicate_threshold: float = field(default=0.8, metadata=bounds(0.0, 1.0))
    # Year of listing-card dates printed without one ("Jan 13"); null infers it from the listing.
    listing_year: int | None = field(default=None, metadata=bounds(1991, 9999))
    # Longer lines are reported and skipped (a runaway line is damage, not a paper).
    max_line_chars: int = field(default=1_000_000, metadata=bounds(1_000, None))
