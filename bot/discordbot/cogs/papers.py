"""Looking papers up: /paper, /search, /author, /similar, /recent, /random (with autocomplete)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer.render import Renderer
from bot.discordbot import present, queries
from bot.discordbot.cogs.common import cap_length, paper_choices, text_choices, value_limit
from bot.discordbot.completion import Completer
from bot.discordbot.queries import SearchKey
from bot.discordbot.replies import Reply
from bot.discordbot.runner import call
from bot.engine import Engine

if TYPE_CHECKING:
    from bot.discordbot.client import PaperBot

T = TypeVar("T")
Year = app_commands.Range[int, 1900, 2100]


class Papers(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot
        self.per_page = bot.settings.results_per_page
        cap_length(self.search, "query", bot.settings.max_question_length)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        self.bot.cooldowns.check(interaction.user.id, interaction.channel_id)
        return True

    def _present(self, presenter: Callable[[Renderer, T], Reply]) -> Callable[[T], Reply]:
        """``presenter`` with the bot's renderer as it is when the answer is ready."""
        return lambda result: presenter(self.bot.renderer, result)

    # Autocomplete runs on every keystroke, never rate limited, and never waits for the engine:
    # the bot's own completion tables answer within Discord's deadline (see completion.py).
    async def complete_paper(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        papers = await self.bot.completions.complete(Completer.titles, current)
        return paper_choices(papers, value_limit(interaction))

    async def complete_author(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = await self.bot.completions.complete(Completer.authors, current)
        return text_choices(names, value_limit(interaction))

    async def complete_category(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = await self.bot.completions.complete(Completer.categories_starting, current)
        return text_choices(names, value_limit(interaction))

    @app_commands.command(name="paper", description="Show one paper: by title, arXiv id or URL.")
    @app_commands.describe(query="Start typing a title, or paste an arXiv id or URL")
    @app_commands.autocomplete(query=complete_paper)
    async def paper(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 300]) -> None:
        await self.bot.respond(interaction, call(queries.lookup, query), self._present(present.paper))

    @app_commands.command(
        name="search", description="Rank papers for a query, or list what the filters select, newest first."
    )
    @app_commands.describe(
        query="Words to look for in titles and abstracts (leave out to list by the filters alone)",
        year="Only papers published this year",
        category="Only this arXiv category, e.g. cs.CL (or a group, e.g. cs)",
        author="Only papers with this author",
    )
    @app_commands.autocomplete(category=complete_category, author=complete_author)
    async def search(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 1000] | None = None,
        year: Year | None = None,
        category: app_commands.Range[str, 1, 50] | None = None,
        author: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        key = SearchKey((query or "").strip(), year, category, author)
        work = call(queries.search_page, key, 1, self.per_page)
        await self.bot.respond(
            interaction, work, lambda hits: present.results(self.bot.renderer, key, hits, 1, self.per_page)
        )

    @app_commands.command(name="author", description="List the papers of one author.")
    @app_commands.describe(name="Start typing the author's name")
    @app_commands.autocomplete(name=complete_author)
    async def author(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        work = call(Engine.by_author, name)
        await self.bot.respond(
            interaction, work, lambda papers: present.papers(self.bot.renderer, f"Papers by {name}", papers)
        )

    @app_commands.command(name="similar", description="Papers similar to a given paper.")
    @app_commands.describe(paper="Start typing a title, or paste an arXiv id")
    @app_commands.autocomplete(paper=complete_paper)
    async def similar(self, interaction: discord.Interaction, paper: app_commands.Range[str, 1, 300]) -> None:
        work = call(queries.similar_to, paper, self.per_page)
        await self.bot.respond(interaction, work, self._present(present.similar))

    @app_commands.command(name="recent", description="The newest papers, optionally in one category.")
    @app_commands.describe(category="An arXiv category, e.g. cs.CL (or a group, e.g. cs)")
    @app_commands.autocomplete(category=complete_category)
    async def recent(
        self, interaction: discord.Interaction, category: app_commands.Range[str, 1, 50] | None = None
    ) -> None:
        work = call(Engine.recent, category, k=self.per_page)
        title = f"Latest in {category}" if category else "Latest papers"
        await self.bot.respond(
            interaction, work, lambda papers: present.papers(self.bot.renderer, title, papers)
        )

    @app_commands.command(name="random", description="A random paper from the corpus.")
    async def random(self, interaction: discord.Interaction) -> None:
        await self.bot.respond(
            interaction, call(Engine.random), lambda paper: present.paper(self.bot.renderer, (paper, []))
        )


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Papers(bot))
