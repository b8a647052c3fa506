"""The configuration contract: shipped defaults, user overrides, and one-line errors naming the key."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
import yaml

from bot.cli.main import main
from bot.config import DEFAULT_CONFIG, Config, load_config, validate
from bot.settings import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "user.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def as_plain(value: object) -> object:
    if dataclasses.is_dataclass(value):
        return {f.name: as_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def path_keys(settings: object, prefix: str = "") -> set[str]:
    """Dotted keys of path settings: resolved against the file's folder, so only presence is compared."""
    found: set[str] = set()
    for spec in dataclasses.fields(settings):
        key = f"{prefix}.{spec.name}" if prefix else spec.name
        value = getattr(settings, spec.name)
        if dataclasses.is_dataclass(value):
            found |= path_keys(value, key)
        elif spec.metadata.get("path"):
            found.add(key)
    return found


def flatten(tree: object, prefix: str = "") -> dict[str, object]:
    if not isinstance(tree, dict) or not tree:
        return {prefix: tree}
    flat: dict[str, object] = {}
    for name, value in tree.items():
        flat |= flatten(value, f"{prefix}.{name}" if prefix else name)
    return flat


def test_shipped_yaml_states_every_default_the_code_uses() -> None:
    """config/paperbot.yaml documents the defaults: no key missing, none drifting from the code."""
    shipped = flatten(yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8")))
    code_defaults = flatten(as_plain(load_config(defaults=None)))
    from_file = flatten(as_plain(load_config()))
    assert set(shipped) == set(code_defaults)
    for key in set(code_defaults) - path_keys(Config()):
        assert from_file[key] == code_defaults[key], (
            f"{key}: config/paperbot.yaml says {from_file[key]!r}, code says {code_defaults[key]!r}"
        )


def test_defaults_point_at_the_bundled_corpus() -> None:
    config = load_config()
    assert [Path(p).name for p in config.corpus.paths] == ["corpus"]
    assert Path(config.corpus.paths[0]).is_dir()
    assert config.corpus.overrides and Path(config.corpus.overrides).is_file()


def test_user_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "search:\n  k1: 0.9\nlogging:\n  level: DEBUG\n"))
    assert config.search.k1 == 0.9
    assert config.logging.level == "DEBUG"
    assert config.search.b == load_config().search.b


def test_relative_paths_resolve_against_the_users_file(tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    config = load_config(write(tmp_path, "corpus:\n  paths: [papers]\n"))
    assert config.corpus.paths == [str((tmp_path / "papers").resolve())]


def test_empty_user_file_keeps_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")) == load_config()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("search:\n  k3: 1.0\n", ["search.k3", "did you mean 'search.k1'"]),
        ("serch:\n  k1: 1.0\n", ["serch", "did you mean 'search'"]),
        ("search:\n  k1: fast\n", ["search.k1", "must be a number"]),
        ("search:\n  k1: -1\n", ["search.k1", "at least 0"]),
        ("search:\n  b: 3\n", ["search.b", "at most 1"]),
        ("answer:\n  max_citations: 2.5\n", ["answer.max_citations", "whole number"]),
        ("answer:\n  max_citations: 0\n", ["answer.max_citations", "at least 1"]),
        (
            "answer:\n  relevance:\n    answer_similarity: 1.5\n",
            ["answer.relevance.answer_similarity", "at most 1"],
        ),
        (
            "answer:\n  sentences:\n    meaning_weight: -1\n",
            ["answer.sentences.meaning_weight", "at least 0"],
        ),
        ("discord:\n  test_guild_id: yes\n", ["discord.test_guild_id", "whole number"]),
        ("logging:\n  level: LOUD\n", ["logging.level", "one of"]),
        ("corpus: [a, b]\n", ["corpus", "mapping"]),
        ("- just\n- a list\n", ["top level", "mapping"]),
        ("search:\n  k1: [1\n", ["not valid YAML"]),
    ],
)
def test_bad_config_is_rejected_with_the_key_named(tmp_path: Path, text: str, names: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert "\n" not in message
    assert str(path) in message
    for name in names:
        assert name in message


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")


def test_cli_reports_bad_config_in_one_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "search:\n  k1: fast\n")
    assert main(["papers", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "search.k1" in err and "Traceback" not in err


def test_config_is_one_frozen_object() -> None:
    config = load_config()
    assert isinstance(config, Config)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.search.k1 = 2.0  # type: ignore[misc]


# -- start-up: every bad config stops `paperbot run` / `paperbot ask` in one line naming the key ------

START_UP_CASES = [
    # (config text, key the message must name); {tmp} is a folder holding one real file, "real.txt"
    ("serch:\n  k1: 1.0\n", "serch"),
    ("search:\n  k1: fast\n", "search.k1"),
    ("answer:\n  list_size: -3\n", "answer.list_size"),
    ("discord:\n  max_question_length: -1\n", "discord.max_question_length"),
    ("discord:\n  cooldowns:\n    user:\n      per: -5\n", "discord.cooldowns.user.per"),
    ("corpus:\n  paths: [{tmp}/missing]\n", "corpus.paths[0]"),
    ("corpus:\n  paths: []\n", "corpus.paths"),
    ("corpus:\n  overrides: {tmp}/missing.yaml\n", "corpus.overrides"),
    ("answer:\n  templates: {tmp}/missing.yaml\n", "answer.templates"),
    ("answer:\n  templates: {tmp}\n", "answer.templates"),
    ("discord:\n  token_file: {tmp}/missing-token\n", "discord.token_file"),
    ("search:\n  index_dir: {tmp}/real.txt\n", "search.index_dir"),
    ("discord:\n  shard_ids: [0, 1]\n", "discord.shard_ids"),
    ("discord:\n  shard_count: 2\n  shard_ids: [2]\n", "discord.shard_ids[0]"),
    ("discord:\n  shard_count: 2\n  shard_ids: [1, 1]\n", "discord.shard_ids"),
    ("discord:\n  auto_answer_channels: [-4]\n", "discord.auto_answer_channels[0]"),
    ("discord:\n  test_guild_id: -1\n", "discord.test_guild_id"),
]


@pytest.mark.parametrize("command", [["ask", "What is LlamaRL?"], ["run"]])
@pytest.mark.parametrize(("text", "key"), START_UP_CASES)
def test_start_up_rejects_bad_config_in_one_line_naming_the_key(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    text: str,
    key: str,
) -> None:
    # No token anywhere: `run` must still report the config first, before asking for a token.
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    (tmp_path / "real.txt").write_text("x", encoding="utf-8")
    path = write(tmp_path, text.replace("{tmp}", str(tmp_path)))
    assert main([*command, "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert f"'{key}'" in err, err
    assert "DISCORD_TOKEN" not in err  # the config was checked before the token


def test_unreadable_config_paths_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "token"
    secret.write_text("x", encoding="utf-8")
    secret.chmod(0)
    if os.access(secret, os.R_OK):
        pytest.skip("running as a user who can read anything (root)")
    path = write(tmp_path, f"discord:\n  token_file: {secret}\n")
    assert main(["ask", "hi", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "'discord.token_file'" in err and "not readable" in err


def test_a_missing_corpus_argument_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "What is LlamaRL?", "--corpus", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--corpus" in err and "nope" in err


def test_the_shipped_config_passes_validation() -> None:
    config = load_config()
    assert validate(config) is config
