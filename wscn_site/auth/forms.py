from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import SiteForm, email_field

MIN_PASSWORD = 12


class LoginForm(SiteForm):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password"))])


class ResetRequestForm(SiteForm):
    email = email_field()


class SetPasswordForm(SiteForm):
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
