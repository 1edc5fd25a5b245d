"""Failed log-ins are counted per account AND address, so an attacker cannot lock the owner out.

- ``LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS`` (5 per 15 minutes): the failures allowed for one account
  from one address. Each attempt takes its place before the password is checked (an atomic
  increment, exact across workers sharing Redis, even for attempts sent at once); a successful log-in
  gives the places back.
- ``LOGIN_LIMIT_PER_ACCOUNT`` (50 per hour): a ceiling on the failures for one account from all
  addresses together, which slows an attack spread over many addresses. It stops only addresses
  that have already failed for this account in their own window, so the owner, at an address that
  has not been guessing, still logs in.
- ``LOGIN_ALERT_AFTER`` (10): once an account's failures in the ceiling's window reach this number,
  its owner is emailed, in their language, once per window.
- All log-in attempts from one address are limited too (``LOGIN_LIMIT_PER_IP``, in ``views.py``).

The counters live in Flask-Limiter's storage (``RATELIMIT_STORAGE_URI``): memory for one process,
Redis for several (``config.check_rate_limit_storage`` refuses shared-nothing memory in production).
"""
import time

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from limits import parse
from werkzeug.exceptions import TooManyRequests

from ..extensions import limiter
from ..mail import send_email
from ..models import User


def _item(setting):
    return parse(current_app.config[setting])


class Attempt:
    """One log-in attempt: for which account (the address typed) and from which address."""

    def __init__(self, email, address):
        self.email = User.normalise_email(email)[:254]
        prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "wscn"
        self.pair = _item("LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS")
        self.pair_ids = (prefix, "login-pair:" + self.email, address or "unknown")
        self.account = _item("LOGIN_LIMIT_PER_ACCOUNT")
        self.account_ids = (prefix, "login-account:" + self.email)
        self.alert = type(self.account)(1, self.account.multiples)  # once per window of the ceiling
        self.alert_ids = (prefix, "login-alert:" + self.email)

    @property
    def _strategy(self):
        return limiter.limiter

    def _refuse(self, item, ids):
        reset = self._strategy.get_window_stats(item, *ids).reset_time
        raise TooManyRequests(retry_after=max(1, int(reset - time.time()) + 1))

    def admit(self):
        """Take this attempt's place, or raise TooManyRequests (429, with Retry-After)."""
        if not limiter.enabled:  # RATELIMIT_ENABLED off (the fuzz test): nothing is counted
            return
        failed_here = self._strategy.get_window_stats(self.pair, *self.pair_ids).remaining < self.pair.amount
        if not self._strategy.hit(self.pair, *self.pair_ids):
            self._refuse(self.pair, self.pair_ids)
        if failed_here and not self._strategy.test(self.account, *self.account_ids):
            self._refuse(self.account, self.account_ids)

    def succeeded(self):
        """The owner (or someone with the password) got in from here: this address starts afresh."""
        if not limiter.enabled:
            return
        self._strategy.clear(self.pair, *self.pair_ids)

    def failed(self, user):
        """Count the failure against the account; tell its owner once the alert threshold is passed."""
        if not limiter.enabled:
            return
        self._strategy.hit(self.account, *self.account_ids)
        if user is None or not user.active:
            return
        window = self._strategy.get_window_stats(self.account, *self.account_ids)
        failures = self.account.amount - window.remaining
        if failures >= current_app.config["LOGIN_ALERT_AFTER"] and self._strategy.hit(self.alert, *self.alert_ids):
            _alert(user, failures)


def _alert(user, failures):
    link = current_app.config["SITE_URL"] + url_for("auth.request_reset", lang_code=user.language)
    send_email(user.email, _l("Failed attempts to log in to your account"), "login_alert", user.language,
               user=user, failures=failures, link=link)  # written to the outbox; the sender delivers it
