"""Settings of the arXiv client (section ``arxiv:`` in config/paperbot.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.settings import ConfigError, bounds

DEFAULT_USER_AGENT = (
    "PaperBot/0.1 (arXiv metadata for a Discord research Q&A bot; aiohttp; "
    "set arxiv.user_agent to add your contact address)"
)
# cs.CL, math.GT, hep-th, astro-ph.CO, q-bio.NC, physics.optics: an archive, optionally a subject class.
_CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?")


@dataclass(frozen=True)
class FollowSpec:
    """What the bot follows on arXiv: categories (any of them), narrowed by a query when both are set."""

    categories: tuple[str, ...] = ()
    query: str | None = None
    every_hours: float = field(default=6.0, metadata=bounds(0.25, 24 * 7))

    @property
    def search_query(self) -> str | None:
        """The arXiv ``search_query`` this spec stands for; None when it follows nothing."""
        cats = " OR ".join(f"cat:{c}" for c in self.categories)
        query = (self.query or "").strip()
        if cats and query:
            return f"({cats}) AND ({query})"
        return cats or query or None


@dataclass(frozen=True)
class ArxivSettings:
    enabled: bool = True
    api_url: str = "https://export.arxiv.org/api/query"
    # arXiv's terms: no more than one request every three seconds, across the whole process.
    min_interval_seconds: float = field(default=3.0, metadata=bounds(0.0, 600))
    # Total time for one request (connect, headers and body); then it counts as a failed try.
    timeout_seconds: float = field(default=30.0, metadata=bounds(0.1, 600))
    # Further tries after a 429, a 5xx, a timeout or a refused connection (exponential backoff).
    retries: int = field(default=4, metadata=bounds(0, 10))
    # A Retry-After longer than this is not waited for: the call fails at once as unavailable.
    max_retry_after_seconds: float = field(default=120.0, metadata=bounds(0.0, 3600))
    # Results per search request (arXiv allows up to 2000; pages of 100 keep each answer small).
    page_size: int = field(default=100, metadata=bounds(1, 2000))
    # Ids per id_list lookup.
    batch_size: int = field(default=100, metadata=bounds(1, 100))
    user_agent: str = DEFAULT_USER_AGENT
    follow: FollowSpec = field(default_factory=FollowSpec)


def check(settings: ArxivSettings) -> None:
    """Rules the field types cannot state; raises ConfigError naming the key and the fix."""
    url = urlsplit(settings.api_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise ConfigError(
            f"'arxiv.api_url' must be an http(s) URL such as "
            f"https://export.arxiv.org/api/query, got {settings.api_url[:60]!r}"
        )
    agent = settings.user_agent.strip()
    if not agent or not agent.isprintable():
        raise ConfigError("'arxiv.user_agent' must be one printable line naming the bot (and a contact)")
    for i, category in enumerate(settings.follow.categories):
        if not _CATEGORY.fullmatch(category):
            raise ConfigError(
                f"'arxiv.follow.categories[{i}]' {category[:40]!r} is not an arXiv category; "
                "write it like cs.CL or hep-th"
            )
