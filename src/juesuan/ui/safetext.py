"""Safe text in the workspace: document, file-name and inspector text is never rendered as HTML;
``md_escape`` escapes it for Markdown, ``marked_markdown`` highlights spans of an escaped line.
"""

from __future__ import annotations

from typing import Any

# ------------------------------------------------------------------ safe text

_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:^&=\"'/@%")


def md_escape(text: Any) -> str:
    """Text made inert for st.markdown: every ASCII punctuation mark backslash-escaped (no links, images,
    HTML, LaTeX, colour directives, emphasis), newlines flattened, leading spaces kept as no-break spaces."""
    s = "" if text is None else str(text)
    out = []
    for ch in s:
        if ch in _MD_SPECIAL:
            out.append("\\" + ch)
        elif ch in "\r\n\t\x0b\x0c":
            out.append(" ")
        elif ch == "\x00":
            out.append("\ufffd")
        else:
            out.append(ch)
    res = "".join(out)
    stripped = res.lstrip(" ")
    return "\u00a0" * (len(res) - len(stripped)) + stripped


def marked_markdown(line: str, spans: list[tuple[int, int]]) -> str:
    """One source line as Markdown, escaped, with the given character spans highlighted."""
    out, pos = [], 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        out.append(md_escape(line[pos:a]))
        out.append(":red-background[**" + md_escape(line[a:b]) + "**]")
        pos = b
    out.append(md_escape(line[pos:]))
    return "".join(out) or "\u00a0"
