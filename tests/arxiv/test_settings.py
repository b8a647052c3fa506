"""The arxiv: config section: shipped defaults, overrides, and mistakes named with their fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.arxiv.settings import ArxivSettings, FollowSpec
from bot.config import load_config, validate
from bot.settings import ConfigError


def _load(tmp_path: Path, text: str) -> ArxivSettings:
    path = tmp_path / "my.yaml"
    path.write_text(text, encoding="utf-8")
    return validate(load_config(path)).arxiv


def test_the_shipped_section_follows_arxivs_terms() -> None:
    shipped = load_config().arxiv
    assert shipped == ArxivSettings()
    assert shipped.api_url == "https://export.arxiv.org/api/query"
    assert shipped.min_interval_seconds == 3.0 and shipped.batch_size <= 100
    assert shipped.follow == FollowSpec(categories=(), query=None, every_hours=6.0)


def test_an_operator_overrides_keys_of_the_section(tmp_path: Path) -> None:
    settings = _load(
        tmp_path,
        "arxiv:\n  enabled: false\n  api_url: http://127.0.0.1:8080/api/query\n"
        "  follow:\n    categories: [cs.CL, hep-th]\n    query: 'abs:retrieval'\n    every_hours: 1\n",
    )
    assert not settings.enabled and settings.api_url == "http://127.0.0.1:8080/api/query"
    assert settings.follow.categories == ("cs.CL", "hep-th")
    assert settings.follow.search_query == "(cat:cs.CL OR cat:hep-th) AND (abs:retrieval)"
    assert settings.follow.every_hours == 1.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "arxiv:\n  min_interval: 3\n",
            "unknown key 'arxiv.min_interval'; did you mean 'arxiv.min_interval_seconds'?",
        ),
        ("arxiv:\n  min_interval_seconds: -1\n", "'arxiv.min_interval_seconds' must be at least 0.0"),
        ("arxiv:\n  batch_size: 500\n", "'arxiv.batch_size' must be at most 100"),
        ("arxiv:\n  enabled: maybe\n", "'arxiv.enabled' must be true or false"),
        ("arxiv:\n  api_url: export.arxiv.org\n", "'arxiv.api_url' must be an http(s) URL"),
        ("arxiv:\n  user_agent: ''\n", "'arxiv.user_agent' must be one printable line"),
        (
            "arxiv:\n  follow:\n    categories: [cs.CL, 'computer science']\n",
            "'arxiv.follow.categories[1]' 'computer science' is not an arXiv category; write it like cs.CL",
        ),
        ("arxiv:\n  follow:\n    every_hours: 0\n", "'arxiv.follow.every_hours' must be at least 0.25"),
    ],
)
def test_a_mistake_names_the_key_and_the_fix(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_single_category_may_be_written_without_brackets(tmp_path: Path) -> None:
    assert _load(tmp_path, "arxiv:\n  follow:\n    categories: cs.CL\n").follow.categories == ("cs.CL",)


def test_following_nothing_has_no_query() -> None:
    assert FollowSpec().search_query is None
    assert FollowSpec(query="  ").search_query is None
    assert FollowSpec(categories=("cs.CL",)).search_query == "cat:cs.CL"
