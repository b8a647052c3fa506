"""Who may /add: the per-server policy against the invoker's permissions and roles."""

from __future__ import annotations

import discord

from bot.discordbot.cogs.library import may_add
from bot.state import AddPermission, AddPolicy

ROLE = 42


def rights(*, manage_guild: bool = False) -> discord.Permissions:
    return discord.Permissions(manage_guild=manage_guild)


def test_by_default_only_server_managers_add() -> None:
    assert may_add(rights(manage_guild=True), set(), AddPermission())
    assert not may_add(rights(), {ROLE}, AddPermission())


def test_a_role_policy_admits_that_role_and_managers_only() -> None:
    policy = AddPermission(AddPolicy.ROLE, ROLE)
    assert may_add(rights(), {ROLE}, policy)
    assert may_add(rights(manage_guild=True), set(), policy)
    assert not may_add(rights(), {7}, policy)


def test_everyone_means_everyone() -> None:
    assert may_add(rights(), set(), AddPermission(AddPolicy.EVERYONE))
