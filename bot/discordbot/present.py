"""Engine results -> Replies (embed + buttons). Text comes from the bot's Renderer, buttons from views.

Every presenter is a pure function of the bot's renderer and an engine result. User and corpus
text quoted here is escaped and shortened; ``Reply.kwargs`` then neutralises and fits everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import discord

from bot.answer import budget
from bot.answer.render import COLORS, Renderer
from bot.answer.safety import escape_markdown
from bot.answer.types import Answer, AnswerKind, EmbedField, EmbedSpec
from bot.discordbot.queries import SearchKey
from bot.discordbot.replies import Reply
from bot.discordbot.views import buttons_view
from bot.models import Paper
from bot.search.types import Hit

if TYPE_CHECKING:
    from bot.engine import CorpusStats

LIST_MAX = 10  # papers shown by list commands that have no paging (/author, /recent)
QUOTED_CHARS = 200  # user or corpus text quoted in a one-line reply
CATEGORY_CHARS = 80  # a category name in /stats
TOP_CATEGORIES = 10
GONE = "That paper is no longer in the corpus (a reload may have removed it)."
COLOR = COLORS[AnswerKind.ANSWER]


def quoted(text: str) -> str:
    """User or corpus text inside one of our sentences: one line, shortened, shown literally."""
    return f"“{escape_markdown(budget.safe_line(text, QUOTED_CHARS))}”"


def answer(renderer: Renderer, result: Answer) -> Reply:
    ids = [citation.paper.id for citation in result.citations]
    similar = ids[0] if ids and result.kind in (AnswerKind.ANSWER, AnswerKind.PAPER) else None
    more_exists = result.kind is AnswerKind.ANSWER and result.matched > len(ids)
    more = (SearchKey(result.query), 1) if more_exists else None
    return Reply(embed=renderer.embed(result), view=buttons_view(ids, similar_id=similar, more=more))


def abstract(renderer: Renderer, paper: Paper | None) -> Reply:
    if paper is None:
        return Reply(content=GONE)
    return Reply(embed=renderer.paper_embed(paper))


def paper(renderer: Renderer, found: tuple[Paper | None, list[Paper]]) -> Reply:
    match, suggestions = found
    if match is not None:
        return Reply(embed=renderer.paper_embed(match), view=buttons_view([], similar_id=match.id))
    if not suggestions:
        return Reply(content="I couldn't find a paper by that title, id or URL.")
    return papers(renderer, "No exact match; did you mean one of these?", suggestions)


def similar(renderer: Renderer, found: tuple[Paper | None, list[Hit]]) -> Reply:
    source, hits = found
    if source is None:
        return Reply(content="I couldn't find that paper; try picking it from the suggestions.")
    if not hits:
        return Reply(content=f"I found no papers similar to {quoted(source.title)}.")
    return _listing(renderer, f"Similar to: {source.title}", hits, page=1, per_page=len(hits))


def results(renderer: Renderer, key: SearchKey, hits: list[Hit], page: int, per_page: int) -> Reply:
    shown = hits[(page - 1) * per_page : page * per_page]
    if not key.query and not key.filters:
        return Reply(content="Give words to search for, or a filter (year, category, author).")
    if not shown:
        what = "more results" if page > 1 else "results"
        asked = quoted(key.query) if key.query else "these filters"
        return Reply(content=f"No {what} for {asked}{_filters_text(key, escape=True)}.")
    more = (key, page + 1) if len(hits) > page * per_page else None
    title = f"Results for: {key.query}" if key.query else "Newest papers"
    return _listing(renderer, f"{title}{_filters_text(key)}", hits, page=page, per_page=per_page, more=more)


def papers(renderer: Renderer, title: str, found: list[Paper]) -> Reply:
    if not found:
        return Reply(content="No papers found.")
    return _listing(renderer, title, found[:LIST_MAX], page=1, per_page=LIST_MAX)


def _listing(
    renderer: Renderer,
    title: str,
    items: list[Hit] | list[Paper],
    *,
    page: int,
    per_page: int,
    more: tuple[SearchKey, int] | None = None,
) -> Reply:
    shown = items[(page - 1) * per_page : page * per_page]
    ids = [item.paper.id if isinstance(item, Hit) else item.id for item in shown]
    embed = renderer.papers_embed(title, items, page - 1, per_page)  # render counts pages from 0
    return Reply(embed=embed, view=buttons_view(ids, more=more))


def _filters_text(key: SearchKey, *, escape: bool = False) -> str:
    parts = [str(key.year) if key.year else "", key.category or "", f"by {key.author}" if key.author else ""]
    active = [budget.safe_line(part, QUOTED_CHARS) for part in parts if part]
    if escape:
        active = [escape_markdown(part) for part in active]
    return f" ({', '.join(active)})" if active else ""


def stats(corpus: CorpusStats) -> Reply:
    fields = [EmbedField("Papers", f"{corpus.papers:,}", True)]
    if corpus.first_year and corpus.last_year:
        fields.append(EmbedField("Years", f"{corpus.first_year}–{corpus.last_year}", True))
    fields.append(EmbedField("Index age", _age(corpus.index_built_at), True))
    lines = [
        f"{escape_markdown(budget.safe_line(name, CATEGORY_CHARS))} · {count:,}"
        for name, count in corpus.categories[:TOP_CATEGORIES]
    ]
    heading = f"Top categories (of {len(corpus.categories):,})"
    fields += _fields(heading, lines)
    return Reply(embed=EmbedSpec("PaperBot corpus", "", fields=tuple(fields), color=COLOR))


def _age(built: Any) -> str:
    if not isinstance(built, datetime):
        return "unknown"
    when = built if built.tzinfo else built.replace(tzinfo=UTC)
    return discord.utils.format_dt(when, "R")


def help_reply(renderer: Renderer, commands: Sequence[tuple[str, str]] = ()) -> Reply:
    """The answer layer's help, plus the slash commands (name, description) when given."""
    lines = [f"`/{name}` {escape_markdown(text)}" for name, text in commands]
    fields = tuple(_fields("Slash commands", lines))
    return Reply(
        embed=EmbedSpec("PaperBot", renderer.help("markdown"), fields=fields, color=COLORS[AnswerKind.HELP])
    )


def _fields(name: str, lines: Sequence[str]) -> list[EmbedField]:
    """Lines spread over as many fields as they need, never cut inside a line."""
    pieces = budget.pack_lines(lines, budget.EMBED_FIELD_VALUE)
    return [EmbedField(name if i == 0 else f"{name} (continued)", piece) for i, piece in enumerate(pieces)]


def reload(report: Any, template_error: str | None = None) -> Reply:
    return Reply(content="\n".join(str(part) for part in (report, template_error) if part))
