"""Handing messages to the mail server: one SMTP connection per run, one recipient per message.

With no ``WSCN_MAIL_SERVER`` (as under ``make run``) messages are printed to the console instead.
"""
import logging
import smtplib
import sys

from flask import current_app

from .mail import MailError

log = logging.getLogger(__name__)
TIMEOUT = 15


class Transport:
    """Opens the connection at the first message and keeps it for the rest of the run; after an
    error that may have left the connection unusable it opens a new one for the next message."""

    def __init__(self, config=None):
        self.config = config or current_app.config
        self.smtp = None
        self.connections = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _connect(self):
        config = self.config
        try:
            smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=TIMEOUT)
            if config["MAIL_STARTTLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"could not reach the mail server: {exc}", connection=True) from exc
        self.smtp, self.connections = smtp, self.connections + 1

    def send(self, message, recipient):
        """Hand ``message`` over for exactly one envelope recipient; MailError if it was not taken."""
        if not self.config["MAIL_SERVER"]:
            sys.stdout.write(f"\n---- email (no WSCN_MAIL_SERVER set, printed instead) ----\n"
                             f"{message.as_string()}\n---- end of email ----\n")
            sys.stdout.flush()
            return
        if self.smtp is None:
            self._connect()
        try:
            self.smtp.send_message(message, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:  # smtplib has reset the transaction: carry on
            log.warning("mail server refused %s: %s", recipient, exc)
            raise MailError(str(exc)) from exc
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("could not send email to %s: %s", recipient, exc)
            self.close()
            raise MailError(str(exc)) from exc

    def close(self):
        if self.smtp is not None:
            smtp, self.smtp = self.smtp, None
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
