"""One address, one recipient: the one check of every email address the site takes or sends to.

Built on ``email-validator`` (syntax only: no DNS look-ups, which would be slow and would tell an
outsider nothing they may rely on). Commas and semicolons (which would make one address two
recipients), control characters and NUL are refused first, each with its own reason, so a form can
say what is wrong.
"""
import re

from email_validator import EmailNotValidError, validate_email

MAX_LENGTH = 254
_SEPARATORS = re.compile(r"[,;]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class InvalidAddress(ValueError):
    """``reason``: "separator", "control", "length" or "format"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def problem(address):
    """Why ``address`` is not one deliverable-looking address, or None when it is."""
    if not isinstance(address, str) or not address:
        return "format"
    if _SEPARATORS.search(address):
        return "separator"
    if _CONTROL.search(address):
        return "control"
    if len(address) > MAX_LENGTH:
        return "length"
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return "format"
    return None


def normalised(address):
    """The address as stored and sent to (its domain in lower case); InvalidAddress if it is not one."""
    reason = problem(address)
    if reason:
        raise InvalidAddress(reason)
    return validate_email(address, check_deliverability=False).normalized
