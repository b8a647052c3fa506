"""What users read about adds and removals: one line per paper, the same in Discord and the terminal."""

from __future__ import annotations

from bot.answer.safety import neutralize
from bot.library.ingest import Added

TITLE_CHARS = 120


def outcome_line(added: Added) -> str:
    title = _title(added)
    if added.outcome == "withdrawn":
        return f"arXiv {added.arxiv_id} has been withdrawn by its authors, so it is not in the corpus."
    if added.merged_into is not None and not added.had_id:
        return f"{added.arxiv_id} was already in the corpus as “{_short(added.merged_into)}”; added its arXiv id."
    if added.merged_into is not None and added.outcome != "updated":
        return f"{added.arxiv_id} is already in the corpus as “{_short(added.merged_into)}”."
    if added.outcome == "updated":
        return f"Updated {added.arxiv_id} to arXiv's latest version: “{title}”."
    if added.outcome == "unchanged":
        return f"{added.arxiv_id} was already added: “{title}”."
    return f"Added {added.arxiv_id}: “{title}”."


def rejected_line(tokens: list[str]) -> str | None:
    """The tokens of a message that are not arXiv ids, shown safely (never a ping, never long)."""
    if not tokens:
        return None
    shown = ", ".join(_short(token, 40) for token in tokens[:5])
    more = f" and {len(tokens) - 5} more" if len(tokens) > 5 else ""
    return f"Not arXiv ids (write them like 2507.13264 or an arxiv.org link): {shown}{more}."


def _title(added: Added) -> str:
    return _short(added.paper.title) if added.paper is not None else added.arxiv_id


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    """One line, cut to ``limit``, unable to ping anyone (titles and tokens come from outside)."""
    text = " ".join(neutralize(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
