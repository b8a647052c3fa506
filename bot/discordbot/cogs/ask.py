"""Questions: /ask, mentions in channels and threads, DMs, auto-answer channels, "Ask PaperBot"."""

from __future__ import annotations

import contextlib
import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer.budget import THREAD_NAME, safe_line, shorten
from bot.discordbot import errors, present
from bot.discordbot.cogs.common import cap_length, conversation_id
from bot.discordbot.replies import Reply, retrying_server_errors
from bot.discordbot.runner import call
from bot.engine import Engine

if TYPE_CHECKING:
    from bot.discordbot.client import PaperBot

log = logging.getLogger(__name__)

COOLDOWN_REACTION = "\N{HOURGLASS WITH FLOWING SAND}"


def question_from(content: str, bot_id: int) -> str:
    """The question in a message addressed to the bot: its text without the bot's mention."""
    return " ".join(re.sub(rf"<@!?{bot_id}>", " ", content).split())


def is_addressed(message: discord.Message, bot_user: discord.abc.User, auto_channels: frozenset[int]) -> bool:
    """Mentioned, in a DM, or in (a thread of) an auto-answer channel."""
    channel = message.channel
    if isinstance(channel, discord.DMChannel) or bot_user in message.mentions:
        return True
    parent_id = getattr(channel, "parent_id", None)
    return channel.id in auto_channels or (parent_id is not None and parent_id in auto_channels)


class Ask(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot
        self.settings = bot.settings
        self.auto_channels = frozenset(bot.settings.auto_answer_channels)
        cap_length(self.ask, "question", self.settings.max_question_length)
        self.context_menu = app_commands.ContextMenu(name="Ask PaperBot", callback=self.ask_message)
        bot.tree.add_command(self.context_menu)
        if self.auto_channels and not self.settings.message_content_intent:
            log.warning(
                "discord.auto_answer_channels needs discord.message_content_intent: true (and the Message "
                "Content intent enabled in the Developer Portal); until then only mentions and DMs are answered"
            )

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.context_menu.name, type=self.context_menu.type)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        self.bot.cooldowns.check(interaction.user.id, interaction.channel_id)
        return True

    @app_commands.command(name="ask", description="Ask a question about the papers; the answer cites them.")
    @app_commands.describe(question="What you want to know, e.g. which papers study long-context attention?")
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 1000]) -> None:
        await self._answer(interaction, question)

    async def ask_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Context menu: answer the selected message's text (context menus can't live in a cog body)."""
        self.bot.cooldowns.check(interaction.user.id, interaction.channel_id)
        question = shorten(message.content, self.settings.max_question_length)
        if not question:
            await errors.reply_quietly(interaction, "That message has no text I can answer.")
            return
        await self._answer(interaction, question)

    async def _answer(self, interaction: discord.Interaction, question: str) -> None:
        question = question.strip()
        if len(question) > self.settings.max_question_length:
            await errors.reply_quietly(interaction, self._too_long())
            return
        ask = call(
            Engine.ask, question, conversation=conversation_id(interaction.channel_id, interaction.user.id)
        )
        await self.bot.respond(interaction, ask, lambda answer: present.answer(self.bot.renderer, answer))

    def _too_long(self) -> str:
        return f"Please keep questions under {self.settings.max_question_length} characters."

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if message.author.bot or me is None or not is_addressed(message, me, self.auto_channels):
            return
        question = question_from(message.content, me.id)
        try:
            await self._answer_message(message, question)
        except Exception:
            log.exception("error answering message=%s channel=%s", message.id, message.channel.id)
            await self._send(message, Reply(content=errors.SORRY), question)

    async def _answer_message(self, message: discord.Message, question: str) -> None:
        limited = self.bot.cooldowns.hit(message.author.id, message.channel.id)
        if limited is not None:
            # A reaction instead of a reply: visible to the asker without flooding the channel
            # (and without the Add Reactions permission, silence is the next best thing).
            with contextlib.suppress(discord.HTTPException):
                await message.add_reaction(COOLDOWN_REACTION)
            return
        if len(question) > self.settings.max_question_length:
            await self._send(message, Reply(content=self._too_long()), question)
            return
        if not question:
            await self._send(
                message, present.help_reply(self.bot.renderer, self.bot.command_summary()), question
            )
            return
        async with message.channel.typing():
            conversation = conversation_id(message.channel.id, message.author.id)
            answer = await self.bot.run_engine(call(Engine.ask, question, conversation=conversation))
        await self._send(message, present.answer(self.bot.renderer, answer), question)

    async def _send(self, message: discord.Message, reply: Reply, question: str) -> None:
        try:
            if self.settings.reply_in_thread and isinstance(message.channel, discord.TextChannel):
                name = safe_line(question, THREAD_NAME) or "PaperBot"
                thread = await retrying_server_errors(lambda: message.create_thread(name=name))
                await retrying_server_errors(lambda: thread.send(**reply.kwargs()))
            else:
                await retrying_server_errors(lambda: message.reply(**reply.kwargs(), mention_author=False))
        except discord.HTTPException as exc:
            log.warning("could not reply to message=%s channel=%s: %s", message.id, message.channel.id, exc)


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Ask(bot))
