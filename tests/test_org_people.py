"""The organisation's lead manages its own people in the portal, in both languages: the list,
inviting colleagues, deactivating and reactivating, handing the lead role over. A lead never sees
or touches another organisation (404, nothing changed); staff keep full control."""
import re

import pytest
import sqlalchemy as sa

from factories import PASSWORD, csrf_token, log_in
from helpers import hreflang_links, html_lang, language_toggle, toggle_target, visible_text
from staff_helpers import audit_actions, count, post_form
from wscn_site.audit import Refused
from wscn_site.extensions import db
from wscn_site.membership import people_operations as operations
from wscn_site.models import AuditEntry, OutboxMessage, User

pytestmark = pytest.mark.db

PEOPLE = {"en": "/en/members/people", "cy": "/cy/aelodau/pobl"}
INVITE = {"en": "/en/members/people/invite", "cy": "/cy/aelodau/pobl/gwahodd"}
PERSON = {"en": "/en/members/people/{}", "cy": "/cy/aelodau/pobl/{}"}
ACTIONS = {"en": ("deactivate", "reactivate", "make-lead", "invite-again"),
           "cy": ("dadactifadu", "ailactifadu", "arweinydd", "gwahodd-eto")}


@pytest.fixture
def orgs(app):
    """Two member organisations, each with a lead and people, and Network staff."""
    from types import SimpleNamespace

    from factories import organisation, user

    with app.app_context():
        ours = organisation("Ynys Môn County Council")
        theirs = organisation("Other Borough Council")
        people = {
            "lead": user("lead@ynysmon.example", role="lead", org=ours, name="Llinos Lead"),
            "colleague": user("colleague@ynysmon.example", org=ours, name="Colin Colleague"),
            "invited": user("invited@ynysmon.example", org=ours, password=None, name="Ifan Invited"),
            "gone": user("gone@ynysmon.example", org=ours, active=False, name="Gwen Gone"),
            "their_lead": user("lead@other.example", role="lead", org=theirs, name="Tomos Theirlead"),
            "their_member": user("member@other.example", org=theirs, name="Olwen Othermember"),
            "staff": user("staff@network.example", role="staff", name="Siân Staff"),
        }
        db.session.commit()
        return SimpleNamespace(ids={k: v.id for k, v in people.items()},
                               emails={k: v.email for k, v in people.items()}, ours=ours.id, theirs=theirs.id)


def client_for(app, orgs, who, lang="en"):
    client = app.test_client()
    assert log_in(client, orgs.emails[who], lang=lang).status_code == 302
    return client


def person_row(app, user_id):
    with app.app_context():
        person = db.session.get(User, user_id)
        return person.role, person.active, person.organisation_id


def outbox(app):
    with app.app_context():
        return [(m.recipient, m.language, m.subject, m.text_body)
                for m in db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()]


# --- who reaches the pages ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_lead_sees_their_own_people_and_nobody_of_another_organisation(app, orgs, lang):
    client = client_for(app, orgs, "lead", lang)
    response = client.get(PEOPLE[lang])
    assert response.status_code == 200 and html_lang(response.text) == lang
    text = visible_text(response.text)
    for who in ("lead", "colleague", "invited", "gone"):
        assert orgs.emails[who] in text
    for name in ("Tomos Theirlead", "Olwen Othermember", "other.example", "Other Borough", "Siân Staff"):
        assert name not in response.text
    if lang == "cy":
        assert "Pobl eich sefydliad" in text and "Wedi'i wahodd, dim cyfrinair eto" in text
        assert "Cyngor Ynys Môn County Council" in text
    else:
        assert "Your organisation's people" in text and "Invited, no password yet" in text
    other = "cy" if lang == "en" else "en"
    assert toggle_target(language_toggle(response.text)) == PEOPLE[other]
    assert hreflang_links(response.text)[other].endswith(PEOPLE[other])


def test_the_dashboard_links_the_lead_and_only_the_lead_to_the_people_pages(app, orgs):
    assert PEOPLE["en"] in client_for(app, orgs, "lead").get("/en/members/").text
    assert PEOPLE["cy"] in client_for(app, orgs, "lead", "cy").get("/cy/aelodau/").text
    for who in ("colleague", "staff"):
        assert "/members/people" not in client_for(app, orgs, who).get("/en/members/").text


def every_path(person_id):
    """The people pages, then the addresses that take a POST (the invitation form, the actions)."""
    return people_pages(person_id) + action_paths(person_id)


def people_pages(person_id):
    return [PEOPLE["en"], PEOPLE["cy"]] + [PERSON[lang].format(person_id) for lang in ("en", "cy")]


def action_paths(person_id, invite=True):
    paths = [INVITE["en"], INVITE["cy"]] if invite else []
    return paths + [f"{PERSON[lang].format(person_id)}/{action}" for lang in ("en", "cy") for action in ACTIONS[lang]]


@pytest.mark.parametrize("who", ["colleague", "staff"])
def test_everyone_but_a_lead_gets_404_from_every_people_page_and_action(app, orgs, who):
    client = client_for(app, orgs, who)
    token = csrf_token(client.get("/en/members/").text)
    for path in every_path(orgs.ids["colleague"]):
        assert client.get(path).status_code == 404, path
    for path in action_paths(orgs.ids["colleague"]):
        assert client.post(path, data={"csrf_token": token, "name": "X", "email": "x@example.org",
                                       "language": "en"}).status_code == 404, path
    assert person_row(app, orgs.ids["colleague"]) == ("member", True, orgs.ours)
    assert audit_actions(app) == [] and outbox(app) == []


def test_anonymous_visitors_are_sent_to_log_in(app, orgs):
    client = app.test_client()
    for path in every_path(orgs.ids["colleague"]):
        response = client.get(path)
        assert response.status_code == 302 and re.search(r"/(account/login|cyfrif/mewngofnodi)", response.location)


@pytest.mark.parametrize("target", ["their_member", "their_lead", "staff"])
def test_a_lead_gets_404_for_anyone_outside_their_organisation_and_changes_nothing(app, orgs, target):
    client = client_for(app, orgs, "lead")
    token = csrf_token(client.get(PEOPLE["en"]).text)
    before = person_row(app, orgs.ids[target])
    for path in people_pages(orgs.ids[target])[2:] + action_paths(orgs.ids[target], invite=False):
        got = client.get(path)
        assert got.status_code == 404, path
        assert "Tomos" not in got.text and "Olwen" not in got.text and "Siân" not in got.text
    for path in action_paths(orgs.ids[target], invite=False):
        assert client.post(path, data={"csrf_token": token}).status_code == 404, path
    assert person_row(app, orgs.ids[target]) == before
    assert person_row(app, orgs.ids["lead"]) == ("lead", True, orgs.ours)
    assert audit_actions(app) == [] and outbox(app) == []


def test_an_unknown_id_and_another_organisations_person_answer_the_same(app, orgs):
    client = client_for(app, orgs, "lead")
    theirs, missing = client.get(PERSON["en"].format(orgs.ids["their_member"])), client.get(PERSON["en"].format(99999))
    assert theirs.status_code == missing.status_code == 404
    assert visible_text(theirs.text) == visible_text(missing.text).replace("99999", str(orgs.ids["their_member"]))


def test_the_operations_refuse_another_organisations_lead_and_a_member(app, orgs):
    with app.app_context():
        person = db.session.get(User, orgs.ids["colleague"])
        for who, reason in (("their_lead", "other-organisation"), ("colleague", "not-lead")):
            actor = db.session.get(User, orgs.ids[who])
            for operation in (lambda: operations.set_active(person, False, actor),
                              lambda: operations.hand_over_lead(person, actor),
                              lambda: operations.send_invitation_again(person, actor)):
                with pytest.raises(Refused) as refused:
                    operation()
                assert refused.value.reason == reason
            with pytest.raises(Refused, match="not-lead"):
                operations.invite_colleague(orgs.ours, "Someone", "someone@example.org", "cy", actor)
    assert person_row(app, orgs.ids["colleague"]) == ("member", True, orgs.ours)
    assert count(app, User) == 7 and audit_actions(app) == []


# --- inviting ----------------------------------------------------------------------------------

def test_a_lead_invites_a_colleague_who_gets_the_invitation_in_welsh_and_joins(mail_app):
    app = mail_app
    with app.app_context():
        db.create_all()
    from factories import organisation, user

    with app.app_context():
        ours = organisation("Ynys Môn County Council")
        user("lead@ynysmon.example", role="lead", org=ours, name="Llinos Lead")
        db.session.commit()
        ours_id = ours.id
    client = app.test_client()
    assert log_in(client, "lead@ynysmon.example").status_code == 302
    response = post_form(client, INVITE["en"], {"name": "Dŵr Ŷd", "email": "Dwr@YnysMon.example", "language": "cy"})
    assert response.status_code == 302 and response.location.endswith(PEOPLE["en"])
    listing = client.get(response.location).text
    assert "The invitation has been emailed to dwr@ynysmon.example." in listing and "Dŵr Ŷd" in listing
    with app.app_context():
        invited = db.session.execute(sa.select(User).where(User.email == "dwr@ynysmon.example")).scalar_one()
        assert (invited.role, invited.organisation_id, invited.language, invited.password_hash) == \
            ("member", ours_id, "cy", None)
        entry = db.session.execute(sa.select(AuditEntry)).scalar_one()
        assert entry.action == "user.invite" and '"organisation_id": %d' % ours_id in entry.details
    app.send_mail()
    [message] = app.mailbox.messages
    assert message["To"] == "dwr@ynysmon.example" and message["Subject"] == "Gwahoddiad i borth yr aelodau"
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https://safercommunities\.example(/cy/cyfrif/croeso/\S+)", body).group(1)
    page = app.test_client()
    form = page.get(link)
    assert form.status_code == 200 and html_lang(form.text) == "cy"
    set_password = page.post(link, data={"csrf_token": csrf_token(form.text), "password": PASSWORD,
                                         "confirm": PASSWORD})
    assert set_password.status_code == 302
    assert page.get("/cy/aelodau/").status_code == 200


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_invitation_errors_are_summarised_in_the_pages_language_and_keep_what_was_typed(app, orgs, lang):
    client = client_for(app, orgs, "lead", lang)
    response = post_form(client, INVITE[lang], {"name": "", "email": "not-an-address ŵ", "language": ""})
    assert response.status_code == 200
    text = visible_text(response.text)
    if lang == "cy":
        assert "<title>Gwall:" in response.text and "Mae problem wedi codi" in text
        assert "Rhowch enw'r person" in text and "Dewiswch yr iaith sydd orau ganddynt" in text
    else:
        assert "<title>Error:" in response.text and "There is a problem" in text
        assert "Enter the person's name" in text and "Select the language they prefer" in text
    assert 'value="not-an-address ŵ"' in response.text
    assert count(app, User) == 7 and outbox(app) == []


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_inviting_an_address_held_elsewhere_names_nobody_and_creates_nothing(app, orgs, lang):
    client = client_for(app, orgs, "lead", lang)
    for held_by in ("their_member", "staff"):
        response = post_form(client, INVITE[lang], {"name": "Someone", "email": orgs.emails[held_by].upper(),
                                                    "language": "en"})
        assert response.status_code == 200
        text = visible_text(response.text)
        expected = ("Nid oes modd gwahodd y cyfeiriad e-bost hwn yma" if lang == "cy"
                    else "This email address cannot be invited here")
        assert expected in text
        for secret in ("Olwen", "Othermember", "Other Borough", "Siân", "Staff", "staff"):
            assert secret not in text.replace(orgs.emails[held_by].upper(), "")
    assert person_row(app, orgs.ids["their_member"]) == ("member", True, orgs.theirs)
    assert count(app, User) == 7 and outbox(app) == [] and audit_actions(app) == []


def test_inviting_one_of_your_own_people_again_says_so(app, orgs):
    client = client_for(app, orgs, "lead")
    response = post_form(client, INVITE["en"], {"name": "Colin", "email": orgs.emails["colleague"], "language": "en"})
    assert "This person is already one of your organisation's people" in visible_text(response.text)
    assert outbox(app) == []


def test_invitations_are_limited_per_lead_and_only_sent_ones_count(make_app, orgs, app):
    limited = make_app(create_tables=False, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       PEOPLE_INVITE_LIMIT="2 per hour")
    client = client_for(limited, orgs, "lead", "cy")
    assert post_form(client, INVITE["cy"], {"name": "", "email": "", "language": ""}).status_code == 200
    codes = [post_form(client, INVITE["cy"], {"name": f"Person {n}", "email": f"p{n}@ynysmon.example",
                                              "language": "cy"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    blocked = post_form(client, PERSON["cy"].format(orgs.ids["invited"]) + "/gwahodd-eto",
                        token_from=PERSON["cy"].format(orgs.ids["invited"]))
    assert blocked.status_code == 429 and html_lang(blocked.text) == "cy"
    assert len(outbox(limited)) == 2
    other_lead = client_for(limited, orgs, "their_lead")
    assert post_form(other_lead, INVITE["en"], {"name": "Theirs", "email": "t@other.example",
                                                "language": "en"}).status_code == 302


def test_a_lead_sends_an_invitation_again_only_to_someone_still_invited(app, orgs):
    client = client_for(app, orgs, "lead")
    invited = PERSON["en"].format(orgs.ids["invited"])
    response = post_form(client, invited + "/invite-again", token_from=invited)
    assert "The invitation has been emailed to invited@ynysmon.example." in client.get(response.location).text
    colleague = PERSON["en"].format(orgs.ids["colleague"])
    assert "Send the invitation again" not in client.get(colleague).text
    post_form(client, colleague + "/invite-again", token_from=colleague)
    assert [row[0] for row in outbox(app)] == ["invited@ynysmon.example"]
    assert audit_actions(app) == ["user.invite_resent"]


# --- deactivating ------------------------------------------------------------------------------

def test_a_lead_deactivates_a_colleague_who_is_locked_out_at_once_then_reactivates_them(app, orgs):
    colleague = client_for(app, orgs, "colleague")
    assert colleague.get("/en/members/").status_code == 200
    client = client_for(app, orgs, "lead", "cy")
    page = PERSON["cy"].format(orgs.ids["colleague"])
    response = post_form(client, page + "/dadactifadu", token_from=page)
    assert response.status_code == 302
    assert "wedi'i ddadactifadu" in visible_text(client.get(response.location).text)
    locked_out = colleague.get("/en/members/")
    assert locked_out.status_code == 302 and "/en/account/login" in locked_out.location
    assert log_in(app.test_client(), orgs.emails["colleague"]).status_code != 302
    post_form(client, page + "/ailactifadu", token_from=page)
    assert log_in(app.test_client(), orgs.emails["colleague"]).status_code == 302
    assert audit_actions(app) == ["user.deactivate", "user.reactivate"]


def test_a_lead_cannot_deactivate_themselves_or_another_lead(app, orgs):
    with app.app_context():
        from factories import user

        second = user("second@ynysmon.example", role="lead", org=db.session.get(User, orgs.ids["lead"]).organisation)
        db.session.commit()
        second_id = second.id
    client = client_for(app, orgs, "lead")
    own = PERSON["en"].format(orgs.ids["lead"])
    assert "This is your own account" in client.get(own).text
    response = post_form(client, own + "/deactivate", token_from=own)
    assert "You cannot do that to your own account." in client.get(response.location).text
    other = PERSON["en"].format(second_id)
    assert "Only Network staff can change or deactivate a lead" in client.get(other).text
    response = post_form(client, other + "/deactivate", token_from=other)
    assert "Only Network staff can deactivate or reactivate an organisation lead." in client.get(response.location).text
    assert person_row(app, orgs.ids["lead"])[1] and person_row(app, second_id)[1]
    assert audit_actions(app) == []


# --- handing over the lead role ----------------------------------------------------------------

def test_a_lead_hands_the_lead_role_to_a_colleague_and_becomes_a_member(app, orgs):
    client = client_for(app, orgs, "lead", "cy")
    page = PERSON["cy"].format(orgs.ids["colleague"]) + "/arweinydd"
    confirm = client.get(page)
    assert confirm.status_code == 200 and "Trosglwyddo rôl yr arweinydd" in visible_text(confirm.text)
    response = post_form(client, page)
    assert response.status_code == 302 and response.location.endswith("/cy/aelodau/")
    assert "Colin Colleague yw arweinydd eich sefydliad bellach" in visible_text(client.get(response.location).text)
    assert person_row(app, orgs.ids["colleague"])[0] == "lead"
    assert person_row(app, orgs.ids["lead"])[0] == "member"
    assert client.get(PEOPLE["cy"]).status_code == 404
    assert client_for(app, orgs, "colleague").get(PEOPLE["en"]).status_code == 200
    with app.app_context():
        entries = db.session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        assert [(e.action, e.target_id, e.actor_id) for e in entries] == [
            ("user.role", orgs.ids["lead"], orgs.ids["lead"]), ("user.role", orgs.ids["colleague"], orgs.ids["lead"])]
        assert '"role": ["member", "lead"]' in entries[1].details


@pytest.mark.parametrize("who", ["invited", "gone"])
def test_the_lead_role_goes_only_to_an_active_account_with_a_password(app, orgs, who):
    client = client_for(app, orgs, "lead")
    page = PERSON["en"].format(orgs.ids[who]) + "/make-lead"
    assert "Hand over the lead role" not in client.get(page).text
    response = post_form(client, page)
    assert "The lead role can only go to someone who has accepted" in client.get(response.location).text
    assert person_row(app, orgs.ids[who])[0] == "member" and person_row(app, orgs.ids["lead"])[0] == "lead"


def test_a_second_hand_over_by_a_lead_who_has_already_handed_over_is_refused(app, orgs):
    """The guard itself: the actor object still says "lead" (loaded before the first hand-over
    committed elsewhere), but the database no longer does."""
    with app.app_context():
        actor = db.session.get(User, orgs.ids["lead"])
        person = db.session.get(User, orgs.ids["colleague"])
        assert actor.role == "lead"
        with db.engine.begin() as other:  # the first hand-over, committed by another request
            other.execute(sa.update(User).where(User.id == orgs.ids["lead"]).values(role="member"))
            other.execute(sa.update(User).where(User.id == orgs.ids["gone"]).values(role="lead"))
        with pytest.raises(Refused, match="not-lead"):
            operations.hand_over_lead(person, actor)
    assert person_row(app, orgs.ids["colleague"])[0] == "member"
    assert audit_actions(app) == []


def test_staff_keep_full_control_of_any_organisations_people(app, orgs):
    with app.test_request_context("/en/staff/"):
        staff = db.session.get(User, orgs.ids["staff"])
        theirs = db.session.get(User, orgs.ids["their_member"])
        assert operations.hand_over_lead(theirs, staff) is True
        assert operations.set_active(db.session.get(User, orgs.ids["their_lead"]), False, staff) is True
        assert operations.invite_colleague(orgs.theirs, "New One", "new@other.example", "en", staff) is not None
    assert person_row(app, orgs.ids["their_member"])[0] == "lead"
    assert person_row(app, orgs.ids["their_lead"]) == ("member", False, orgs.theirs)
    assert audit_actions(app) == ["user.role", "user.role", "user.deactivate", "user.invite"]
