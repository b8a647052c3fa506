"""Where the bot token comes from. The token is returned to the caller and never logged or stored."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from bot.discordbot.settings import DiscordSettings

TOKEN_VARIABLE = "DISCORD_TOKEN"
HOW_TO_GET_ONE = (
    "create an application at https://discord.com/developers/applications, "
    "open Bot > Reset Token, then export DISCORD_TOKEN=<token> (or set discord.token_file)"
)


class TokenError(Exception):
    """No usable token; the message is one line a user can act on."""


def read_token(settings: DiscordSettings, environ: Mapping[str, str] = os.environ) -> str:
    """DISCORD_TOKEN when set, else the contents of ``discord.token_file``."""
    token = environ.get(TOKEN_VARIABLE, "").strip()
    if token:
        return token
    if settings.token_file:
        return _read_token_file(Path(settings.token_file))
    raise TokenError(f"no Discord bot token: {TOKEN_VARIABLE} is not set; {HOW_TO_GET_ONE}")


def _read_token_file(path: Path) -> str:
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise TokenError(
            f"cannot read discord.token_file {path} ({exc.strerror or exc}); "
            f"set {TOKEN_VARIABLE} or fix the path"
        ) from None
    if not token:
        raise TokenError(f"discord.token_file {path} is empty; {HOW_TO_GET_ONE}")
    if len(token.split()) > 1:
        # A pasted "Bot abc..." or a note beside the token: refuse rather than send a wrong header.
        raise TokenError(f"discord.token_file {path} must hold only the token, on one line")
    return token
