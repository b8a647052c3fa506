"""Engine results -> Replies (embed + buttons). Text and layout come from bot.answer.render."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import discord

from bot.answer import render
from bot.answer.types import Answer, AnswerKind
from bot.discordbot.embeds import to_discord
from bot.discordbot.queries import SearchKey
from bot.discordbot.replies import Reply
from bot.discordbot.views import buttons_view
from bot.models import Paper
from bot.search.types import Hit

if TYPE_CHECKING:
    from bot.engine import CorpusStats

LIST_MAX = 10  # papers shown by list commands that have no paging (/author, /recent)
GONE = "That paper is no longer in the corpus (a reload may have removed it)."


def answer(result: Answer, *, per_page: int) -> Reply:
    ids = [citation.paper.id for citation in result.citations]
    similar = ids[0] if ids and result.kind in (AnswerKind.ANSWER, AnswerKind.PAPER) else None
    more_exists = result.kind is AnswerKind.ANSWER and result.matched > len(ids)
    more = (SearchKey(result.query), 1) if more_exists else None
    return Reply(
        embed=to_discord(render.to_embed(result)), view=buttons_view(ids, similar_id=similar, more=more)
    )


def abstract(paper: Paper | None) -> Reply:
    if paper is None:
        return Reply(content=GONE)
    return Reply(embed=to_discord(render.paper_embed(paper)))


def paper(found: tuple[Paper | None, list[Paper]]) -> Reply:
    match, suggestions = found
    if match is not None:
        return Reply(embed=to_discord(render.paper_embed(match)), view=buttons_view([], similar_id=match.id))
    if not suggestions:
        return Reply(content="I couldn't find a paper by that title, id or URL.")
    return papers("No exact match; did you mean one of these?", suggestions)


def similar(found: tuple[Paper | None, list[Hit]]) -> Reply:
    source, hits = found
    if source is None:
        return Reply(content="I couldn't find that paper; try picking it from the suggestions.")
    if not hits:
        return Reply(content=f"I found no papers similar to {source.title!r}.")
    return _listing(f"Similar to: {source.title}", hits, page=1, per_page=len(hits))


def results(key: SearchKey, hits: list[Hit], page: int, per_page: int) -> Reply:
    shown = hits[(page - 1) * per_page : page * per_page]
    if not key.query and not key.filters:
        return Reply(content="Give words to search for, or a filter (year, category, author).")
    if not shown:
        what = "more results" if page > 1 else "results"
        asked = repr(key.query) if key.query else "these filters"
        return Reply(content=f"No {what} for {asked}{_filters_text(key)}.")
    more = (key, page + 1) if len(hits) > page * per_page else None
    title = f"Results for: {key.query}" if key.query else "Newest papers"
    return _listing(f"{title}{_filters_text(key)}", hits, page=page, per_page=per_page, more=more)


def papers(title: str, found: list[Paper]) -> Reply:
    if not found:
        return Reply(content="No papers found.")
    return _listing(title, found[:LIST_MAX], page=1, per_page=LIST_MAX)


def _listing(
    title: str,
    items: list[Hit] | list[Paper],
    *,
    page: int,
    per_page: int,
    more: tuple[SearchKey, int] | None = None,
) -> Reply:
    shown = items[(page - 1) * per_page : page * per_page]
    ids = [item.paper.id if isinstance(item, Hit) else item.id for item in shown]
    embed = to_discord(render.papers_embed(title, items, page - 1, per_page))  # render counts pages from 0
    return Reply(embed=embed, view=buttons_view(ids, more=more))


def _filters_text(key: SearchKey) -> str:
    parts = [str(key.year) if key.year else "", key.category or "", f"by {key.author}" if key.author else ""]
    active = [part for part in parts if part]
    return f" ({', '.join(active)})" if active else ""


def stats(corpus: CorpusStats) -> Reply:
    embed = discord.Embed(title="PaperBot corpus", colour=0x4F7CAC)
    embed.add_field(name="Papers", value=f"{corpus.papers:,}")
    if corpus.first_year and corpus.last_year:
        embed.add_field(name="Years", value=f"{corpus.first_year}–{corpus.last_year}")
    embed.add_field(name="Index age", value=_age(corpus.index_built_at))
    top = corpus.categories[:10]
    if top:
        embed.add_field(
            name=f"Top categories (of {len(corpus.categories)})",
            value="\n".join(f"`{name}` {count:,}" for name, count in top),
            inline=False,
        )
    return Reply(embed=embed)


def _age(built: Any) -> str:
    if not isinstance(built, datetime):
        return "unknown"
    when = built if built.tzinfo else built.replace(tzinfo=UTC)
    return discord.utils.format_dt(when, "R")


def help_reply(commands: Sequence[tuple[str, str]] = ()) -> Reply:
    """The answer layer's help, plus the slash commands (name, description) when given."""
    embed = discord.Embed(title="PaperBot", description=render.help_text(), colour=0x4F7CAC)
    if commands:
        embed.add_field(
            name="Slash commands", value="\n".join(f"`/{name}` {text}" for name, text in commands)
        )
    return Reply(embed=embed)


def reload(report: Any) -> Reply:
    return Reply(content=str(report))
