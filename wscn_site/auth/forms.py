from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, RadioField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..forms import SiteForm, email_field, options, required_text
from ..labels import FILE_LANGUAGES
from . import passwords

MIN_PASSWORD = 12


class LoginForm(SiteForm):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password"))])


class ResetRequestForm(SiteForm):
    email = email_field()


class SetPasswordForm(SiteForm):
    """A new password for the account with ``email`` (its name may not be part of the password)."""

    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Enter a new password")),
            Length(min=MIN_PASSWORD, max=200,
                   message=_l("Your password must be between 12 and 200 characters long")),
        ],
    )
    confirm = PasswordField(
        _l("Confirm the new password"),
        validators=[
            DataRequired(_l("Enter the new password again")),
            EqualTo("password", message=_l("The passwords do not match")),
        ],
    )

    def __init__(self, email, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = email

    def validate_password(self, field):
        if not field.errors and (message := passwords.problem(field.data, self.account_email)):
            raise ValidationError(message)


class ChangePasswordForm(SetPasswordForm):
    """On the account page: the current password first, so a borrowed session cannot change it."""

    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(_l("Enter your current password"))])

    def __init__(self, user, *args, **kwargs):
        super().__init__(user.email, *args, **kwargs)
        self.user = user

    def validate_current_password(self, field):
        if not self.user.check_password(field.data):
            raise ValidationError(_l("Your current password is not correct"))


class AccountForm(SiteForm):
    name = required_text(_l("Name"), _l("Enter your name"), 200, _l("Your name must be 200 characters or fewer"))
    language = RadioField(_l("Preferred language"),
                          choices=options((code, FILE_LANGUAGES[code]) for code in ("cy", "en")),
                          invalid_choice_message=_l("Select the language you prefer"))
