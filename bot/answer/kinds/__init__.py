"""Question kinds: one module per kind of question, each answering with its own template.

The responder asks each kind in ``KINDS`` order whether it handles the question's intent; the
first that does answers. A new kind is one new module plus one line here.
"""

from __future__ import annotations

from bot.answer.kinds.by_author import ByAuthor
from bot.answer.kinds.by_id import ById
from bot.answer.kinds.context import Context, Kind, Messages, Request
from bot.answer.kinds.follow_up import FollowUp
from bot.answer.kinds.help import Help
from bot.answer.kinds.latest import Latest
from bot.answer.kinds.open_question import OpenQuestion
from bot.answer.kinds.similar import Similar

KINDS: tuple[Kind, ...] = (Help(), FollowUp(), ById(), ByAuthor(), Latest(), Similar(), OpenQuestion())

__all__ = ["KINDS", "Context", "Kind", "Messages", "Request"]
