"""The answer a draft FAQ article starts from: staff's answers without their greetings and sign-offs.

An answer to a customer opens with "Hi Dana," and ends with "Best
regards, Alex"; an FAQ article speaks to everybody, so those lines are
left out of the draft.  The agent still edits the draft before anyone
sees it: this only spares them deleting the same lines every time.
"""
from __future__ import annotations

import re

#: A line that only greets: "Hi Dana,", "Hello!", "Dear Mr Berg,", "Hei Dana,", "God morgen,".
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|dear|good (morning|afternoon|evening|day)|hei|hallo|heisann|kjære|god (morgen|dag|"
    r"ettermiddag|kveld))\b[^\n.?]{0,60}[,!:.]?\s*$", re.IGNORECASE)
#: A line that starts a sign-off: everything from it to the end goes.
_SIGN_OFF = re.compile(
    r"^\s*(best|kind|warm)?\s*(regards|wishes)\b|^\s*(thanks|thank you|cheers|sincerely|yours)\b[^\n]{0,30}[,!.]?"
    r"\s*$|^\s*(med )?(vennlig|beste) hilsen\b|^\s*hilsen\b|^\s*mvh\b", re.IGNORECASE)
#: A sign-off is only looked for this many lines from the end: "Thanks for the log: ..." early on is content.
SIGN_OFF_LINES = 4


def without_pleasantries(body: str) -> str:
    """``body`` without a greeting line at the top and a sign-off at the bottom."""
    lines = body.strip().splitlines()
    if lines and _GREETING.match(lines[0]):
        lines = lines[1:]
    start = max(0, len(lines) - SIGN_OFF_LINES)
    for index in range(start, len(lines)):
        if _SIGN_OFF.match(lines[index]):
            lines = lines[:index]
            break
    return "\n".join(lines).strip()


def draft_answer(bodies) -> str:
    """Staff's answers, each without its greeting and sign-off, as paragraphs of one answer."""
    return "\n\n".join(text for text in (without_pleasantries(body) for body in bodies) if text)
