"""What a new password may not be: one of the most common passwords, or built on the email name.

The list (``data/common-passwords.txt.gz``, 19,640 passwords; source and licence in
``data/COMMON-PASSWORDS-LICENSE.txt``) is read once, on the first password checked.
"""
import gzip
import re
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
#: The email name (before the @) counts from this length: shorter ones ("al", "jo") match too much.
MIN_EMAIL_NAME = 4


@cache
def common_passwords():
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def _email_names(email):
    name = (email or "").split("@", 1)[0].lower()
    return {part for part in (name, re.sub(r"[._+\-]", "", name)) if len(part) >= MIN_EMAIL_NAME}


def problem(password, email):
    """Why ``password`` will not do for the account with ``email``, or None."""
    lowered = (password or "").strip().lower()
    if lowered in common_passwords() or lowered.replace(" ", "") in common_passwords():
        return _l("This password is one of the most commonly used, so it is easy to guess. Choose another")
    if any(name in lowered or name in lowered.replace(" ", "") for name in _email_names(email)):
        return _l("Your password must not contain your email address or the part before the @. Choose another")
    return None
