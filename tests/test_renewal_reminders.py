"""`flask membership remind`: the invitation to renew from 1 January, the reminder from 1 March, each
once per organisation, in each recipient's language; safe to run every day."""
import pytest
import sqlalchemy as sa

from factories import organisation, user
from renewal_helpers import add_year, at, member_org, outbox
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, RenewalNotice

pytestmark = pytest.mark.db


@pytest.fixture
def members(app):
    with app.app_context():
        waiting = member_org("Waiting Council", lead="arweinydd@waiting.example", finance="cyllid@waiting.example")
        member_org("English Council", lead="lead@english.example", lead_language="en",
                   finance="finance@english.example", invoice_language="en")
        renewed = member_org("Renewed Council", lead="lead@renewed.example")
        add_year(renewed, 2027)
        organisation("Lapsed Council", status="lapsed", year=2026)
        member_org("Nobody Council")
        user("gone@waiting.example", role="lead", org=waiting, active=False)
        db.session.commit()


def remind(app, moment):
    with clock.frozen_at(moment):
        result = app.test_cli_runner().invoke(args=["membership", "remind"])
    assert result.exit_code == 0, result.output
    return result.output


def test_nothing_goes_before_the_first_of_january(app, members):
    output = remind(app, at(2026, 12, 31, 23, 59))
    assert "Nothing is due today" in output
    assert outbox(app) == []


def test_the_invitation_goes_once_to_each_lead_and_finance_contact_in_their_language(app, members):
    output = remind(app, at(2027, 1, 1, 0, 5))
    assert "Invitation to renew for 2027–28: Waiting Council (arweinydd@waiting.example, cyllid@waiting.example)" in output
    assert "Invitation to renew for 2027–28: English Council" in output
    assert "Renewed Council" not in output and "Lapsed Council" not in output
    assert "No one to write to at Nobody Council" in output
    assert "Sent 2 invitation(s) and 0 reminder(s)" in output
    sent = {recipient: (lang, subject, text) for recipient, lang, subject, text in outbox(app)}
    assert set(sent) == {"arweinydd@waiting.example", "cyllid@waiting.example", "lead@english.example",
                         "finance@english.example"}  # not the deactivated lead
    lang, subject, text = sent["arweinydd@waiting.example"]
    assert lang == "cy" and subject == "Adnewyddwch aelodaeth eich sefydliad ar gyfer 2027–28"
    assert "31 Mawrth 2027" in text and "30 Ebrill 2027" in text and "/cy/aelodau/adnewyddu" in text
    lang, subject, text = sent["cyllid@waiting.example"]  # the organisation chose bilingual invoices: Welsh first
    assert subject == ("Adnewyddwch aelodaeth eich sefydliad ar gyfer 2027–28 / "
                       "Renew your organisation's membership for 2027–28")
    assert text.index("Helo Cyllid,") < text.index("Hello Cyllid,")
    assert "/aelodau/adnewyddu" not in text  # the finance contact is told the lead renews, and sent no link
    lang, subject, text = sent["lead@english.example"]
    assert lang == "en" and "31 March 2027" in text and "/en/members/renew" in text
    assert sent["finance@english.example"][0] == "en"

    for moment in (at(2027, 1, 1, 9, 0), at(2027, 1, 2, 6, 0), at(2027, 2, 28, 23, 59)):
        output = remind(app, moment)
        assert "Sent 0 invitation(s) and 0 reminder(s)" in output
    assert len(outbox(app)) == 4
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(RenewalNotice)).scalar_one() == 2
        actions = db.session.execute(sa.select(AuditEntry.action)).scalars().all()
        assert actions == ["membership.remind", "membership.remind"]


def test_the_reminder_goes_once_from_the_first_of_march_to_those_not_renewed(app, members):
    remind(app, at(2027, 1, 3, 7, 0))
    with app.app_context():  # the English Council renews in February
        from wscn_site.models import Organisation

        english = db.session.execute(sa.select(Organisation).where(Organisation.name_en == "English Council")).scalar_one()
        add_year(english, 2027)
        db.session.commit()
    before = len(outbox(app))
    output = remind(app, at(2027, 3, 1, 0, 1))
    assert "Reminder to renew for 2027–28: Waiting Council" in output and "English Council" not in output
    assert "Sent 0 invitation(s) and 1 reminder(s)" in output
    reminders = outbox(app)[before:]
    assert [r[0] for r in reminders] == ["arweinydd@waiting.example", "cyllid@waiting.example"]
    assert reminders[0][2] == "Nodyn atgoffa: adnewyddwch aelodaeth eich sefydliad ar gyfer 2027–28"
    assert "heb adnewyddu" in reminders[0][3]
    assert "Sent 0 invitation(s) and 0 reminder(s)" in remind(app, at(2027, 3, 31, 23, 0))
    assert len(outbox(app)) == before + 2


def test_a_missed_invitation_is_replaced_by_the_reminder_and_april_sends_nothing(app, members):
    output = remind(app, at(2027, 3, 15, 12, 0))  # cron was not running in January and February
    assert "Sent 0 invitation(s) and 2 reminder(s)" in output
    output = remind(app, at(2027, 4, 1, 0, 1))
    assert "Nothing is due today: invitations to renew for 2028–29 start later." in output
    assert len(outbox(app)) == 4


def test_two_runs_at_once_write_once(app, members):
    """The unique notice row: a second run that finds it already written skips the organisation."""
    from wscn_site.membership.reminders import remind as remind_now

    with app.app_context(), clock.frozen_at(at(2027, 1, 5, 6, 0)):
        db.session.add(RenewalNotice(organisation_id=1, year=2027, kind="invitation", recipients="x"))
        db.session.commit()
        sent, _nobody = remind_now()
    assert [item.organisation for item in sent] == ["English Council"]


def test_the_schedule_is_configurable_and_checked(make_app, members):
    from wscn_site import config

    app = make_app(RENEWAL_INVITATIONS_FROM="02-15")
    with clock.frozen_at(at(2027, 2, 14, 12, 0)):
        assert "Nothing is due" in app.test_cli_runner().invoke(args=["membership", "remind"]).output
    for bad in ({"RENEWAL_INVITATIONS_FROM": "04-01"}, {"RENEWAL_REMINDERS_FROM": "02-30"},
                {"RENEWAL_INVITATIONS_FROM": "03-02", "RENEWAL_REMINDERS_FROM": "03-01"},
                {"MEMBERSHIP_GRACE_DAYS": -1}):
        with pytest.raises(RuntimeError):
            config.check_renewal_schedule({"RENEWAL_INVITATIONS_FROM": "01-01", "RENEWAL_REMINDERS_FROM": "03-01",
                                           "MEMBERSHIP_GRACE_DAYS": 30, **bad})
