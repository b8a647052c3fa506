"""What "safe to post" means, checked on finished output independently of ``bot.answer.safety``.

Discord markdown treats a backslash before ASCII punctuation as "show this character literally", so
a control character is *live* only when it is not escaped. Paper and user text reach the output
through templates that add just these live pieces of markup: ``**bold**`` pairs on one line, a
``> `` quote at the start of a line, ``[title](arxiv link)`` in embeds, and inline code spans in
the help text. Anything else live came from the input, and is
"broken markdown": it would change how the message looks.
"""

from __future__ import annotations

import re

# Pings, matched more broadly than Discord does (no word boundary, any case), so near misses fail too.
LIVE_MENTION = re.compile(r"@(?:everyone|here)|<@[!&]?\d", re.IGNORECASE)
# Characters that hide or reorder text; U+200B is allowed only where safety.neutralize puts it.
SMUGGLERS = re.compile("[\u00ad\u061c\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
STRAY_ZWSP = re.compile(r"(?<!@)\u200b")
# C0/C1 controls other than newline and tab: terminal escape sequences, NULs.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The only link target the bot writes itself (``safe_url``); masked links must point here.
ARXIV_LINK = re.compile(
    r"https://arxiv\.org/abs/(?P<id>\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
)
# Discord's line-start markup: headings, subtext, bullet lists.
LINE_MARKUP = re.compile(r"^\s*(?:#{1,3}\s|-#\s|[-*+]\s|>{2,3}\s)", re.MULTILINE)
# Angle-bracket markup Discord renders: timestamps, channel/command mentions, custom emoji.
ANGLE_MARKUP = re.compile(r"<(?:t:|#|:|a:|/)")


def live(text: str) -> str:
    """``text`` with every backslash escape replaced by NULs (not spaces: they must not fake a line start): what remains is markup Discord obeys."""
    return re.sub(r"\\[!-/:-@\[-`{-~]", "\x00\x00", text)


def problems(text: str, *, help_text: bool = False) -> list[str]:
    """Every way ``text`` (a message or one embed part, Discord flavour) breaks the promise."""
    found = [f"live mention {m.group()!r}" for m in LIVE_MENTION.finditer(text)]
    found += [f"invisible U+{ord(m.group()):04X}" for m in SMUGGLERS.finditer(text)]
    found += [f"control U+{ord(m.group()):04X}" for m in CONTROLS.finditer(text)]
    if STRAY_ZWSP.search(text) and text != "\u200b":
        found.append("zero-width space outside a neutralised mention")
    bare = live(text)
    for line in bare.splitlines():
        if "**" in line.replace("***", "") and line.count("**") % 2:
            found.append(f"unbalanced bold in {line[:80]!r}")
        if re.search(r"(?<!\*)\*(?!\*)|\*{3,}", line):
            found.append(f"stray * in {line[:80]!r}")
    if help_text:
        if bare.count("`") % 2 or bare.count("```") % 2:
            found.append("unbalanced code span")
    elif "`" in bare:
        found.append("live backtick")
    found += [f"live {c!r}" for c in "_~|" if c in bare]
    found += [f"line markup {m.group()!r}" for m in LINE_MARKUP.finditer(bare)]
    found += [f"angle markup {m.group()!r}" for m in ANGLE_MARKUP.finditer(bare)]
    for match in re.finditer(r"\]\(", bare):
        if not ARXIV_LINK.match(bare, match.end()):
            found.append("masked link to somewhere other than arXiv")
    return found + link_problems(text)


def link_problems(text: str) -> list[str]:
    """No link is cut short: shortening happens between words, and a URL is one word."""
    return [f"cut URL {t[:60]!r}" for t in text.split() if "://" in t and t.endswith("…")]
