from __future__ import annotations

from pathlib import Path

import pytest

from bot.discordbot.settings import DiscordSettings
from bot.discordbot.token import TokenError, read_token


def test_environment_variable_wins_over_the_token_file(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("from-file\n")
    settings = DiscordSettings(token_file=str(token_file))
    assert read_token(settings, {"DISCORD_TOKEN": " from-env \n"}) == "from-env"
    assert read_token(settings, {}) == "from-file"


def test_missing_token_names_the_variable_and_how_to_get_one() -> None:
    with pytest.raises(TokenError) as caught:
        read_token(DiscordSettings(), {})
    message = str(caught.value)
    assert "DISCORD_TOKEN" in message and "developers/applications" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("content", "problem"),
    [("", "is empty"), ("Bot abc.def", "only the token"), (None, "cannot read")],
)
def test_bad_token_files_are_explained(tmp_path: Path, content: str | None, problem: str) -> None:
    token_file = tmp_path / "token"
    if content is not None:
        token_file.write_text(content)
    with pytest.raises(TokenError, match=problem) as caught:
        read_token(DiscordSettings(token_file=str(token_file)), {})
    assert str(token_file) in str(caught.value)


def test_the_token_never_appears_in_an_error(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("secret-part one-more")
    with pytest.raises(TokenError) as caught:
        read_token(DiscordSettings(token_file=str(token_file)), {})
    assert "secret-part" not in str(caught.value)
