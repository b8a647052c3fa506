"""Make text safe to post: no mass pings, no user/role mentions, no invisible tricks, no fake markup.

Everything that reaches output from the corpus or from a user goes through ``neutralize``; the
renderer also runs it over each finished message, so an operator template cannot ping either. The
Discord edge should still send with ``AllowedMentions.none()``: this is the second lock, not the only.
"""

from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH_SPACE = "\u200b"

# Invisible characters someone could use to smuggle "@every\u200done" past a naive filter, or to
# reorder text (bidi controls). Removed before neutralising, so the check sees what Discord sees.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
# Discord resolves these: @everyone, @here, <@id>, <@!id>, <@&id>. Channel links (<#id>) do not ping.
# No word boundary: Discord pings for "@everyoneX" too.
_MASS_MENTION = re.compile(r"@(?=everyone|here)", re.IGNORECASE)
_ID_MENTION = re.compile(r"<@(?=[!&]?\d)")
# C0/C1 control characters (not newline or tab): terminal escape sequences, NULs, backspaces.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKDOWN_SPECIAL = re.compile(r"([\\*_~`|>])")
# "[text](url)" is a masked link (in embeds, and in messages): "](" is where it is made.
_MASKED_LINK = re.compile(r"\]\s*\(")
# Markup Discord reads at the start of a line (headings, "-# " subtext, lists): a value may be put
# there by a template, so its own line starts are escaped.
_LINE_START = re.compile(r"^(\s*)([#+-])", re.MULTILINE)
# "<t:...>" timestamps, "<#id>" channels, "<:name:id>" emoji, "</cmd:id>" commands render as widgets.
_ANGLE_MARKUP = re.compile(r"<(?=t:|#|:|a:|/)")


def neutralize(text: str) -> str:
    """Text that renders the same to a reader but cannot mention anyone."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", _INVISIBLE.sub("", text)))
    text = _MASS_MENTION.sub("@" + ZERO_WIDTH_SPACE, text)
    return _ID_MENTION.sub("<@" + ZERO_WIDTH_SPACE, text)


def escape_markdown(text: str) -> str:
    """Corpus text shown literally in Discord markdown (a title with ``*`` stays a title)."""
    text = _MASKED_LINK.sub("]\\(", _MARKDOWN_SPECIAL.sub(r"\\\1", text))
    return _ANGLE_MARKUP.sub("\\<", _LINE_START.sub(r"\1\\\2", text))


def has_mention(text: str) -> bool:
    """True if Discord would ping someone when posting ``text`` as it is."""
    return bool(_MASS_MENTION.search(text) or _ID_MENTION.search(text))
