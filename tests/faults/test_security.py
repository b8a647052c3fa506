"""The bot token never shows: not in a config error (even when pasted into the wrong key), not in
`paperbot commands --json`, not in any output or log line of a `paperbot run` that stops early.
The Discord session itself (login, answers, engine failure, /stats, /reload, resume) is checked in
tests/e2e/test_e2e_secrets.py against the Discord double."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.cli.main import main

FAKE_TOKEN = (
    "MTEwNDk3NjU0MzIxMDk4NzY1NA.GkCnry.leak-canary_Zq9xW7vT3sR1pN5mK8jH2gF4dS6aL0"  # shaped like a real one
)


@pytest.fixture
def token_everywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The canary in DISCORD_TOKEN and in a token file; returns the file."""
    token_file = tmp_path / "token"
    token_file.write_text(FAKE_TOKEN + "\n", encoding="utf-8")
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    return token_file


def run_cli(
    argv: list[str], capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> tuple[int, str]:
    """Exit status and everything the command printed or logged (root logger at DEBUG)."""
    caplog.set_level(logging.DEBUG)
    status = main(argv)
    out, err = capsys.readouterr()
    return status, "\n".join((out, err, caplog.text))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("discord:\n  token_file: {token}\n", "discord.token_file"),
        ("discord:\n  token: {token}\n", "discord.token"),
        ("discord:\n  test_guild_id: {token}\n", "discord.test_guild_id"),
        ("discord:\n  auto_answer_channels: [{token}]\n", "discord.auto_answer_channels[0]"),
        ("logging:\n  level: {token}\n", "logging.level"),
        ("search:\n  k1: {token}\n", "search.k1"),
    ],
)
def test_a_token_pasted_into_the_config_is_named_by_key_but_never_repeated(
    tmp_path: Path,
    token_everywhere: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    text: str,
    key: str,
) -> None:
    config = tmp_path / "user.yaml"
    config.write_text(text.replace("{token}", FAKE_TOKEN), encoding="utf-8")
    status, shown = run_cli(["run", "--config", str(config)], capsys, caplog)
    assert status == 2 and f"'{key}'" in shown
    assert FAKE_TOKEN not in shown
    assert FAKE_TOKEN.split(".")[0] not in shown  # not even the first part (the bot's user id)


def test_the_command_schema_never_contains_the_token(
    tmp_path: Path,
    token_everywhere: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = tmp_path / "user.yaml"
    config.write_text(f"discord:\n  token_file: {token_everywhere}\n", encoding="utf-8")
    for argv in (["commands", "--json"], ["commands"]):
        status, shown = run_cli([*argv, "--config", str(config)], capsys, caplog)
        assert status == 0 and "ask" in shown
        assert FAKE_TOKEN not in shown


def test_token_file_problems_name_the_file_not_its_content(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    token_file = tmp_path / "token"
    token_file.write_text(f"Bot {FAKE_TOKEN}\n", encoding="utf-8")  # a pasted header, refused
    config = tmp_path / "user.yaml"
    config.write_text(f"discord:\n  token_file: {token_file}\n", encoding="utf-8")
    status, shown = run_cli(["run", "--config", str(config)], capsys, caplog)
    assert status == 2 and str(token_file) in shown and "only the token" in shown
    assert FAKE_TOKEN not in shown


def _environment_has_token() -> bool:
    import os

    return "DISCORD_TOKEN" in os.environ


def test_the_engine_worker_process_does_not_hold_the_token(token_everywhere: Path) -> None:
    """The worker only answers questions; a dump of its environment must not reveal the token."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from bot.config import load_config
    from bot.discordbot import runner

    config = load_config()
    with ProcessPoolExecutor(
        1, mp_context=get_context("spawn"), initializer=runner._load, initargs=(config,)
    ) as pool:
        assert pool.submit(_environment_has_token).result(timeout=120) is False


def test_an_engine_that_cannot_load_in_process_stops_run_in_one_line(
    token_everywhere: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from bot.engine import Engine

    def broken(config: object) -> Engine:
        raise RuntimeError("index folder vanished")

    monkeypatch.setattr(Engine, "load", classmethod(lambda cls, config: broken(config)))
    config = tmp_path / "threads.yaml"
    config.write_text("discord:\n  engine_process: false\n", encoding="utf-8")
    status, output = run_cli(["run", "--config", str(config)], capsys, caplog)
    assert status == 2
    assert "the engine could not load: RuntimeError: index folder vanished" in output
    assert "Traceback" not in output and FAKE_TOKEN not in output
