"""What can go wrong talking to arXiv, each with a one-line message fit to show a user."""

from __future__ import annotations


class ArxivError(Exception):
    """Base class; ``user_message`` is one line, safe to show (it never repeats raw user text)."""

    def __init__(self, user_message: str, detail: str | None = None) -> None:
        super().__init__(f"{user_message} ({detail})" if detail else user_message)
        self.user_message = user_message
        self.detail = detail  # for logs: the status, the parser's complaint


class ArxivDisabled(ArxivError):
    """``arxiv.enabled`` is false: no request is made."""

    def __init__(self) -> None:
        super().__init__(
            "Fetching papers from arXiv is turned off on this bot (the operator set arxiv.enabled: false)."
        )


class ArxivUnavailable(ArxivError):
    """arXiv did not answer usefully: 503/429/5xx after the retries, a timeout, a refused connection."""


class ArxivBadResponse(ArxivError):
    """arXiv answered, but with a body that is not a readable Atom feed (HTML, truncated XML...)."""


class ArxivRejected(ArxivError):
    """The request itself is wrong: arXiv's error feed, or a malformed id caught before sending."""
