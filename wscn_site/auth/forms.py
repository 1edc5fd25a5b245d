from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

MIN_PASSWORD = 12
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def email_field():
    return EmailField(
        _l("Email address"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter your email address")),
            Length(max=254, message=_l("Enter an email address of 254 characters or fewer")),
            Regexp(EMAIL_SHAPE, message=_l("Enter an email address in the correct format, like name@example.org")),
        ],
    )


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password"))])


class ResetRequestForm(FlaskForm):
    email = email_field()


class SetPasswordForm(FlaskForm):
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
