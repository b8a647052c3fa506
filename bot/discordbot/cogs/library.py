"""The living corpus on Discord: /add, /remove, /who-can-add, and following arXiv on a schedule.

Fetching from arXiv happens here, on the event loop (the client is async and rate-limited for
the whole process); storing and indexing run on the engine's runner like every engine call.
Whenever papers arrive (an /add, a sync, another process's add) the bot dispatches
``papers_arrived`` with their ids, for features that act on new papers to listen to.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.answer import render
from bot.arxiv.client import ArxivClient
from bot.arxiv.errors import ArxivDisabled, ArxivError
from bot.arxiv.ids import parse_ref, parse_refs
from bot.discordbot.cogs.admin import manages_this_server
from bot.discordbot.embeds import to_discord
from bot.discordbot.runner import call
from bot.engine import Engine, Refresh
from bot.library import arxiv as library
from bot.library.ingest import IngestReport, ingest, remove
from bot.library.messages import outcome_line, rejected_line
from bot.state import AddPermission, AddPolicy, PaperRecord, Store, StoreError

if TYPE_CHECKING:
    from bot.discordbot.client import PaperBot

log = logging.getLogger(__name__)

MAX_PAPERS_PER_ADD = 20
MAX_EMBEDS = 10  # Discord's limit per message
# An /add answered within this many seconds gets its error privately; later, "thinking…" is
# replaced (deleted, then an ephemeral followup), since a deferred reply cannot turn ephemeral.
QUICK_SECONDS = 2.0
POLICY_TEXT = {
    AddPolicy.EVERYONE: "everyone",
    AddPolicy.ROLE: "members with the {role} role (and server managers)",
    AddPolicy.MANAGE_SERVER: "members with the Manage Server permission",
}


class Library(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot
        self.arxiv = bot.config.arxiv
        self.store = Store.from_settings(bot.config.storage)
        self.client = ArxivClient(self.arxiv)
        self.follow.change_interval(hours=self.arxiv.follow.every_hours)
        self.refresh.change_interval(seconds=bot.config.storage.refresh_seconds)

    async def cog_load(self) -> None:
        if not self.bot.serving:
            return
        self.refresh.start()
        if self.arxiv.enabled and self.arxiv.follow.search_query:
            self.follow.start()

    async def cog_unload(self) -> None:
        self.follow.cancel()
        self.refresh.cancel()
        await self.client.aclose()

    # -- /add ----------------------------------------------------------------------------------

    @app_commands.command(name="add", description="Add papers from arXiv by id or link (several at once).")
    @app_commands.describe(papers="arXiv ids or links, e.g. 2507.13264 or https://arxiv.org/abs/2507.13264v2")
    @app_commands.guild_only()
    async def add(self, interaction: discord.Interaction, papers: app_commands.Range[str, 1, 2000]) -> None:
        refs, rejected = parse_refs(papers)
        if not refs:
            await _private(interaction, rejected_line(rejected) or "Give at least one arXiv id or link.")
            return
        if len(refs) > MAX_PAPERS_PER_ADD:
            await _private(
                interaction, f"At most {MAX_PAPERS_PER_ADD} papers per /add; you gave {len(refs)}."
            )
            return
        if not self.arxiv.enabled:
            await _private(interaction, ArxivDisabled().user_message)
            return
        refusal = await self._refusal(interaction)
        if refusal:
            await _private(interaction, refusal)
            return
        who, where = f"discord:{interaction.user.id}", f"guild:{interaction.guild_id}"
        work = asyncio.ensure_future(library.add_refs(self.client, refs, self._ingest(who, where)))
        await asyncio.wait({work}, timeout=QUICK_SECONDS)
        if not work.done():
            await interaction.response.defer(thinking=True)
        try:
            result = await work
        except ArxivError as exc:
            log.info("/add failed for %s: %s", where, exc)
            await _fail(interaction, exc.user_message)
            return
        notes = [line for line in (rejected_line(rejected), result.missing_message) if line]
        report = result.report
        if report.error or not any(added.paper for added in report.results):
            # Nothing to show a card of (an error, unknown ids, withdrawn papers): say why, privately.
            lines = [report.user_error] if report.user_error else [outcome_line(a) for a in report.results]
            await _fail(interaction, " ".join([*lines, *notes])[:2000] or "Nothing was added.")
            return
        self._announce(result.report.arrived, "add")
        await _deliver(interaction, _cards(result.report, notes))

    async def _refusal(self, interaction: discord.Interaction) -> str | None:
        """Why the invoker may not /add here, or None. Re-checked at every use: the server's
        policy as stored now, and the invoker's permissions and roles in this interaction."""
        guild_id = interaction.guild_id
        if guild_id is None:
            return "That command only works in a server, not in DMs."
        try:
            permission = await asyncio.to_thread(self.store.add_permission, guild_id)
        except StoreError as exc:
            log.warning("/add: %s", exc)
            return exc.user_message
        user = interaction.user
        role_ids = {role.id for role in user.roles} if isinstance(user, discord.Member) else set()
        if may_add(interaction.permissions, role_ids, permission):
            return None
        role = f"<@&{permission.role_id}>" if permission.role_id else "a chosen"
        return (
            f"Only {POLICY_TEXT[permission.policy].format(role=role)} can add papers here; "
            "a server manager can change that with /who-can-add."
        )

    def _ingest(self, who: str, where: str) -> library.Ingest:
        async def run(records: list[PaperRecord]) -> IngestReport:
            return await self.bot.run_engine(call(ingest, records, who, where))

        return run

    # -- /remove, /who-can-add -----------------------------------------------------------------

    @app_commands.command(
        name="remove", description="Take a paper added from arXiv out of the corpus (admins)."
    )
    @app_commands.describe(paper="The arXiv id or link of the added paper")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(manages_this_server)
    async def remove(self, interaction: discord.Interaction, paper: app_commands.Range[str, 1, 200]) -> None:
        ref = parse_ref(paper)
        if ref is None:
            await _private(interaction, rejected_line([paper]) or "That is not an arXiv id.")
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        report = await self.bot.run_engine(call(remove, ref.id, f"discord:{interaction.user.id}"))
        log.info(
            "/remove %s by user=%s guild=%s: %s",
            ref.id,
            interaction.user.id,
            interaction.guild_id,
            report.message,
        )
        await interaction.followup.send(report.user_message or report.message, ephemeral=True)

    @app_commands.command(
        name="who-can-add", description="Choose who may add papers with /add on this server (admins)."
    )
    @app_commands.describe(
        who="Everyone, members with a role, or Manage Server only (the default)",
        role="The role, when 'who' is a role",
    )
    @app_commands.choices(
        who=[
            app_commands.Choice(name="everyone", value=AddPolicy.EVERYONE.value),
            app_commands.Choice(name="members with a role", value=AddPolicy.ROLE.value),
            app_commands.Choice(name="Manage Server only", value=AddPolicy.MANAGE_SERVER.value),
        ]
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(manages_this_server)
    async def who_can_add(
        self, interaction: discord.Interaction, who: str, role: discord.Role | None = None
    ) -> None:
        policy = AddPolicy(who)
        if policy is AddPolicy.ROLE and role is None:
            await _private(interaction, "Pick the role too (the `role` option).")
            return
        permission = AddPermission(policy, role.id if role and policy is AddPolicy.ROLE else None)
        assert interaction.guild_id is not None  # guild_only, checked by manages_this_server
        try:
            await asyncio.to_thread(
                self.store.set_add_permission,
                interaction.guild_id,
                permission,
                f"discord:{interaction.user.id}",
            )
        except StoreError as exc:
            log.warning("/who-can-add: %s", exc)
            await _private(interaction, exc.user_message)
            return
        text = POLICY_TEXT[policy].format(role=role.mention if role else "")
        await _private(interaction, f"From now on {text} can add papers with /add.")

    # -- schedules -------------------------------------------------------------------------------

    @tasks.loop(hours=6.0)
    async def follow(self) -> None:
        """One sync of arxiv.follow from its stored cursor (so downtime is caught up, not refetched)."""
        try:
            report = await library.sync_once(
                self.client, self.store, self.arxiv.follow, self._ingest("follow", "arxiv")
            )
        except ArxivError as exc:
            log.warning("arXiv sync skipped: %s", exc.user_message)
            return
        except StoreError as exc:
            log.warning("arXiv sync skipped: %s", exc)
            return
        (log.warning if report.error else log.info)("arXiv sync: %s", report)
        self._announce(report.arrived, "sync")

    @follow.before_loop
    async def _before_follow(self) -> None:
        await self.bot.wait_until_ready()

    @tasks.loop(seconds=5.0)
    async def refresh(self) -> None:
        """Serve papers another process (a shard, ``paperbot add``) stored: one query when none."""
        if self.refresh.current_loop == 0:
            return  # the engine read the store as it loaded, moments ago
        try:
            result: Refresh = await self.bot.run_engine(call(Engine.refresh))
        except Exception:  # a bad refresh must not stop the loop: the next one tries again
            log.exception("refresh from the state store failed")
            return
        if result.changed:
            self._announce(tuple(p.id for p in result.arrived), "refresh")

    @refresh.before_loop
    async def _before_refresh(self) -> None:
        await self.bot.wait_until_ready()  # start-up first: loading the engine is work enough

    def _announce(self, paper_ids: tuple[str, ...], source: str) -> None:
        if paper_ids:
            self.bot.dispatch("papers_arrived", paper_ids, source)


def may_add(rights: discord.Permissions, role_ids: Collection[int], permission: AddPermission) -> bool:
    """Whether someone with these rights and roles (in this channel, now) may /add."""
    if rights.manage_guild or permission.policy is AddPolicy.EVERYONE:
        return True
    return permission.policy is AddPolicy.ROLE and permission.role_id in role_ids


def _cards(report: IngestReport, notes: list[str]) -> tuple[str, list[discord.Embed]]:
    lines = [outcome_line(added) for added in report.results] + notes
    shown = [a.paper for a in report.results if a.paper is not None][:MAX_EMBEDS]
    return "\n".join(lines)[:2000], [to_discord(render.paper_embed(paper)) for paper in shown]


async def _deliver(interaction: discord.Interaction, reply: tuple[str, list[discord.Embed]]) -> None:
    content, embeds = reply
    if interaction.response.is_done():
        await interaction.followup.send(content=content, embeds=embeds)
    else:
        await interaction.response.send_message(content=content, embeds=embeds)


async def _private(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True)


async def _fail(interaction: discord.Interaction, text: str) -> None:
    """A one-line private error, also after a public "thinking…" (which is taken away first)."""
    if interaction.response.is_done():
        try:
            await interaction.delete_original_response()
        except discord.HTTPException as exc:
            log.info("could not remove the thinking message: %s", exc)
        await interaction.followup.send(text, ephemeral=True)
    else:
        await _private(interaction, text)


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Library(bot))
