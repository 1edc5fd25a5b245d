"""The staff tools: only staff reach them; every change they make is saved, audited and seen by members."""
import hashlib
import re
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from helpers import send_mail
from factories import PDF, csrf_token, log_in
from helpers import find_all, free_port, visible_text
from staff_helpers import (
    NEW_RESOURCE, audit_actions, count, create_resource, member_client, post_form,
    resource_data, staff_client, stored_files, topic_ids, upload,
)
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, DownloadRecord, Organisation, Resource, ResourceFile, User

pytestmark = pytest.mark.db


def staff_get_paths(portal):
    resource, user, org = portal.resources["briefing"].id, portal.users["member"].id, portal.organisations["current"]
    return [
        "/en/staff/", "/cy/staff/", "/en/staff/resources", "/cy/staff/adnoddau", "/en/staff/resources/new",
        "/cy/staff/adnoddau/newydd", f"/en/staff/resources/{resource}", f"/cy/staff/adnoddau/{resource}/golygu",
        f"/en/staff/resources/{resource}/delete", "/en/staff/organisations", "/cy/staff/sefydliadau/newydd",
        f"/en/staff/organisations/{org}", "/en/staff/users", "/cy/staff/defnyddwyr/gwahodd",
        f"/en/staff/users/{user}", "/en/staff/audit", "/cy/staff/archwilio",
    ]


def staff_post_paths(portal):
    resource, user = portal.resources["briefing"].id, portal.users["welsh_member"].id
    return [
        f"/en/staff/resources/{resource}/unpublish", f"/en/staff/resources/{resource}/delete",
        f"/en/staff/users/{user}/deactivate", f"/en/staff/users/{user}/role", "/en/staff/resources/new",
        "/en/staff/organisations/new", "/en/staff/users/invite",
    ]


def link_path(text):
    match = re.search(r"https://safercommunities\.example(/\S+)", text)
    assert match, "no link in the email"
    return match.group(1)


# --- who may use the staff tools ---------------------------------------------------------------

def test_anonymous_visitor_is_sent_to_log_in_from_every_staff_page(app, portal, client):
    for path in staff_get_paths(portal):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/account/login" in response.location or "/cyfrif/mewngofnodi" in response.location


@pytest.mark.parametrize("who", ["member", "lapsed"])
def test_a_member_gets_404_from_every_staff_page_and_action(app, portal, who):
    client = member_client(app, portal, who)
    for path in staff_get_paths(portal):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Staff tools" not in response.text
    token = csrf_token(client.get("/en/members/").text)
    for path in staff_post_paths(portal):
        data = {"csrf_token": token, "role": "admin", "title_en": "x", "name_en": "x", "email": "x@example.org"}
        assert client.post(path, data=data).status_code == 404, path
    assert count(app, AuditEntry) == 0
    with app.app_context():
        assert db.session.get(Resource, portal.resources["briefing"].id).published_at is not None
        assert db.session.get(User, portal.users["welsh_member"].id).active


def test_a_deactivated_staff_member_cannot_use_the_staff_tools(app, portal):
    client = staff_client(app, portal)
    with app.app_context():
        db.session.get(User, portal.users["staff"].id).active = False
        db.session.commit()
    assert client.get("/en/staff/").status_code == 302


# --- resources ------------------------------------------------------------------------------------

def test_staff_create_a_resource_with_a_pdf_that_a_current_member_downloads(app, portal):
    client = staff_client(app, portal)
    expires = clock.today() + timedelta(days=30)
    response = create_resource(client, topics=topic_ids(app, "iom-cymru"), expires_on=expires.isoformat())
    assert response.status_code == 302
    with app.app_context():
        item = db.session.execute(sa.select(Resource).where(Resource.title_en == "Briefing on the new duties")
                                  ).scalar_one()
        assert item.title_cy == "Briff ar ddyletswyddau ŵyr ac ŷd" and item.published_at is not None
        assert [t.slug for t in item.topics] == ["iom-cymru"] and item.expires_on == expires
        stored = item.files[0]
        assert (stored.original_name, stored.language, stored.purpose) == ("duties-briefing.pdf", "en", "document")
        assert stored.storage_name not in ("duties-briefing.pdf",) and stored.sha256 == hashlib.sha256(PDF).hexdigest()
        resource_id, file_id, storage_name = item.id, stored.id, stored.storage_name
    assert response.location.endswith(f"/en/staff/resources/{resource_id}")
    page = client.get(response.location)
    assert "The resource has been saved." in page.text and "duties-briefing.pdf" in page.text
    on_disk = [p for p in stored_files(app) if p.name == storage_name]
    assert len(on_disk) == 1 and on_disk[0].read_bytes() == PDF

    member = member_client(app, portal)
    assert "Briefing on the new duties" in member.get(f"/en/members/resources/{resource_id}").text
    download = member.get(f"/en/members/files/{file_id}/duties-briefing.pdf")
    assert download.status_code == 200 and download.data == PDF
    assert audit_actions(app) == ["resource.create"]
    with app.app_context():
        entry = db.session.execute(sa.select(AuditEntry)).scalar_one()
        assert entry.actor_id == portal.users["staff"].id and entry.target_id == resource_id
        assert "Briefing on the new duties" in entry.details and "duties-briefing.pdf" in entry.details


def test_a_draft_is_saved_but_members_cannot_see_it(app, portal):
    client = staff_client(app, portal, lang="cy")
    response = create_resource(client, lang="cy", publish=None, audience="members")
    assert response.status_code == 302 and "/cy/staff/adnoddau/" in response.location
    resource_id = int(response.location.rsplit("/", 1)[1])
    assert member_client(app, portal).get(f"/en/members/resources/{resource_id}").status_code == 404
    listing = client.get("/cy/staff/adnoddau").text
    assert "Briff ar ddyletswyddau ŵyr ac ŷd" in listing
    assert "Draft" in listing or "Drafft" in listing


def test_staff_edit_a_resource_and_the_change_is_audited(app, portal):
    client = staff_client(app, portal)
    resource_id = portal.resources["briefing"].id
    path = f"/en/staff/resources/{resource_id}/edit"
    form = client.get(path).text
    assert 'value="IOM Cymru briefing"' in form and '<input checked id="publish-0"' in form
    response = post_form(client, path, {
        "title_cy": "Briff IOM Cymru wedi'i ddiweddaru", "title_en": "IOM Cymru briefing, updated",
        "summary_cy": "Crynodeb newydd.", "summary_en": "New summary.", "kind": "training", "audience": "members",
        "topics": topic_ids(app, "iom-cymru", "prevent-contest"), "publish": "yes", "expires_on": "31/12/2099",
        "video_language": "bilingual",
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        item = db.session.get(Resource, resource_id)
        assert (item.title_en, item.kind, item.expires_on) == (
            "IOM Cymru briefing, updated", "training", date(2099, 12, 31))
        assert len(item.topics) == 2 and len(item.files) == 1  # the existing file is kept
        entry = db.session.execute(sa.select(AuditEntry)).scalar_one()
        assert entry.action == "resource.update" and entry.target_id == resource_id
        assert "IOM Cymru briefing, updated" in entry.details and "expires_on" in entry.details
    member = member_client(app, portal)
    assert "IOM Cymru briefing, updated" in member.get(f"/en/members/resources/{resource_id}").text


def test_unpublishing_hides_the_resource_and_its_file_from_members(app, portal):
    member = member_client(app, portal)
    resource_id, stored = portal.resources["briefing"].id, portal.files["briefing"]
    assert member.get(f"/en/members/resources/{resource_id}").status_code == 200
    client = staff_client(app, portal)
    response = post_form(client, f"/en/staff/resources/{resource_id}/unpublish",
                         token_from=f"/en/staff/resources/{resource_id}")
    assert response.status_code == 302
    assert "members can no longer see it" in client.get(response.location).text
    assert member.get(f"/en/members/resources/{resource_id}").status_code == 404
    assert member.get(f"/en/members/files/{stored.id}/{stored.name}").status_code == 404
    assert audit_actions(app) == ["resource.unpublish"]


def test_deleting_asks_first_then_removes_the_row_and_its_files(app, portal):
    resource_id, stored = portal.resources["seminar"].id, portal.files["seminar"]
    member = member_client(app, portal)
    assert member.get(f"/en/members/files/{stored.id}/{stored.name}").status_code == 200  # a download record
    names = {portal.files["seminar"].storage_name, portal.files["seminar_cy_captions"].storage_name}
    assert names <= {p.name for p in stored_files(app)}
    client = staff_client(app, portal)
    confirm = client.get(f"/en/staff/resources/{resource_id}/delete")
    assert confirm.status_code == 200 and "Delete “Recorded seminar on ASB”?" in confirm.text
    assert "its 2 files for good" in confirm.text
    assert count(app, Resource, Resource.id == resource_id) == 1  # asking deleted nothing
    response = post_form(client, f"/en/staff/resources/{resource_id}/delete")
    assert response.status_code == 302 and response.location.endswith("/en/staff/resources")
    assert "“Recorded seminar on ASB” and its files have been deleted." in client.get(response.location).text
    assert count(app, Resource, Resource.id == resource_id) == 0
    assert count(app, ResourceFile, ResourceFile.resource_id == resource_id) == 0
    assert not names & {p.name for p in stored_files(app)}
    assert count(app, DownloadRecord, DownloadRecord.file_name == stored.name) == 1  # the log outlives it
    assert member.get(f"/en/members/resources/{resource_id}").status_code == 404
    assert audit_actions(app) == ["resource.delete"]


def test_the_staff_resource_page_shows_who_downloaded_it_newest_first(app, portal):
    resource_id, stored = portal.resources["briefing"].id, portal.files["briefing"]
    for who in ("member", "welsh_member"):
        member_client(app, portal, who).get(f"/en/members/files/{stored.id}/{stored.name}")
    page = staff_client(app, portal).get(f"/en/staff/resources/{resource_id}").text
    table = page[page.index("Who downloaded"):]
    assert table.index("aelod@example.org") < table.index("member@example.org")
    assert "Cyngor Example County Council" not in table and "Example County Council" in table
    welsh = staff_client(app, portal, lang="cy").get(f"/cy/staff/adnoddau/{resource_id}").text
    assert "Cyngor Example County Council" in welsh


def test_the_resource_list_shows_every_resource_with_its_status(app, portal):
    text = visible_text(staff_client(app, portal).get("/en/staff/resources").text)
    for key in ("briefing", "staff_only", "draft", "expired", "seminar"):
        assert portal.resources[key].title in text
    assert "Draft" in text and "Expired" in text and "Network staff only" in text


# --- form errors and CSRF ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang, prefix, problem", [("en", "Error:", "There is a problem"),
                                                   ("cy", "Gwall:", "Mae problem wedi codi")])
def test_missing_fields_show_the_error_summary_and_keep_what_was_typed(app, portal, lang, prefix, problem):
    client = staff_client(app, portal, lang=lang)
    response = create_resource(client, lang=lang, title_en="", summary_cy="", kind=None,
                               title_cy="Teitl â ŵ ac ŷ")
    assert response.status_code == 200
    title = re.search(r"<title>(.*?)</title>", response.text, re.S).group(1)
    assert title.startswith(prefix)
    assert problem in response.text and 'class="error-summary"' in response.text
    assert 'href="#title_en"' in response.text and 'href="#summary_cy"' in response.text
    assert 'value="Teitl â ŵ ac ŷ"' in response.text and "A summary in English." in response.text
    if lang == "cy":
        assert "Rhowch y teitl yn Saesneg" in response.text
    else:
        assert "Enter the title in English" in response.text and "Select the type of resource" in response.text
    assert count(app, Resource) == 5 and audit_actions(app) == []
    assert not [p for p in stored_files(app) if "upload-" in p.name]


@pytest.mark.parametrize("typed, message", [
    ("31/2/2030", "Enter the expiry date as a real date"),
    ("next week", "Enter the expiry date as a real date"),
    ((clock.today() - timedelta(days=1)).isoformat(), "The expiry date must be today or in the future"),
])
def test_the_expiry_date_must_be_a_real_date_not_in_the_past(app, portal, typed, message):
    client = staff_client(app, portal)
    files_before = stored_files(app)
    response = create_resource(client, expires_on=typed)
    assert response.status_code == 200 and message in response.text and f'value="{typed}"' in response.text
    assert count(app, Resource) == 5 and stored_files(app) == files_before


def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(app, portal):
    client = staff_client(app, portal)
    resource_id, member_id = portal.resources["briefing"].id, portal.users["member"].id
    files_before = stored_files(app)
    posts = [
        (NEW_RESOURCE["en"], {"title_en": "x", "title_cy": "x", "summary_en": "x", "summary_cy": "x",
                              "kind": "briefing", "audience": "members", "document_en": upload(PDF, "a.pdf")}),
        (f"/en/staff/resources/{resource_id}/unpublish", {}),
        (f"/en/staff/resources/{resource_id}/delete", {}),
        (f"/en/staff/users/{member_id}/deactivate", {}),
        ("/en/staff/organisations/new", {"name_en": "x", "name_cy": "x", "kind": "police"}),
    ]
    for path, data in posts:
        response = client.post(path, data=data, content_type="multipart/form-data")
        assert response.status_code == 400, path
        assert "The form has expired" in response.text
    assert count(app, Resource) == 5 and count(app, Organisation) == 2 and audit_actions(app) == []
    assert stored_files(app) == files_before
    with app.app_context():
        assert db.session.get(Resource, resource_id).published_at is not None
        assert db.session.get(User, member_id).active


# --- organisations ------------------------------------------------------------------------------

def memberships(app, org_id):
    with app.app_context():
        return {row.year: row.status for row in db.session.get(Organisation, org_id).memberships}


def test_staff_add_and_edit_an_organisation(app, portal):
    client = staff_client(app, portal)
    response = post_form(client, "/en/staff/organisations/new", {
        "name_cy": "Heddlu Dyfed-Powys", "name_en": "Dyfed-Powys Police", "kind": "police",
        "budget_band": "large", "membership_status": "member", "membership_year": "2026",
    })
    assert response.status_code == 302
    listing = client.get(response.location).text
    assert "Dyfed-Powys Police has been saved." in listing and "2026–27" in listing
    with app.app_context():
        org = db.session.execute(sa.select(Organisation).where(Organisation.name_en == "Dyfed-Powys Police")
                                 ).scalar_one()
        assert (org.kind, org.budget_band) == ("police", "large")
        org_id = org.id
    assert memberships(app, org_id) == {2026: "member"}
    assert "2026–27" in staff_client(app, portal, lang="cy").get("/cy/staff/sefydliadau").text
    response = post_form(client, f"/en/staff/organisations/{org_id}", {
        "name_cy": "Heddlu Dyfed-Powys", "name_en": "Dyfed-Powys Police", "kind": "third-sector",
        "budget_band": "none", "membership_status": "lapsed", "membership_year": "2026",
    })
    assert response.status_code == 302
    with app.app_context():
        org = db.session.get(Organisation, org_id)
        assert (org.kind, org.budget_band) == ("third-sector", None)
    assert memberships(app, org_id) == {2026: "lapsed"}
    assert audit_actions(app) == ["organisation.create", "organisation.update"]


def test_recording_next_years_membership_adds_a_year_and_keeps_this_one(app, portal):
    """Item 16: membership is a row per financial year; renewing early adds a row, the page lists the years."""
    client = staff_client(app, portal)
    org_id = portal.organisations["current"]
    with app.app_context():
        this_year = db.session.get(Organisation, org_id).memberships[0].year
    page = client.get(f"/en/staff/organisations/{org_id}").text
    assert "Membership by financial year" in page and f"{this_year}–{(this_year + 1) % 100:02d}: Member" in page
    response = post_form(client, f"/en/staff/organisations/{org_id}", {
        "name_cy": "Cyngor", "name_en": "Example County Council", "kind": "local-authority",
        "budget_band": "medium", "membership_status": "member", "membership_year": str(this_year + 1)})
    assert response.status_code == 302
    assert memberships(app, org_id) == {this_year: "member", this_year + 1: "member"}
    welsh = staff_client(app, portal, lang="cy").get(f"/cy/staff/sefydliadau/{org_id}").text
    assert f"{this_year + 1}–{(this_year + 2) % 100:02d}: Aelod" in welsh
    assert f"{this_year}–{(this_year + 1) % 100:02d}: Aelod" in welsh
    assert member_client(app, portal).get("/en/members/library").status_code == 200
    with app.app_context():
        [entry] = db.session.execute(sa.select(AuditEntry)).scalars().all()
        assert '"membership_year": %d' % (this_year + 1) in entry.details


@pytest.mark.parametrize("data, message", [
    ({"kind": "third-sector", "budget_band": "small"}, "Choose None for a third-sector organisation"),
    ({"membership_status": "member", "membership_year": ""}, "Enter the membership year of a member organisation"),
    ({"membership_year": "26-27"}, "Enter the year the financial year starts"),
    ({"name_en": ""}, "Enter the name in English"),
])
def test_organisation_form_errors(app, portal, data, message):
    client = staff_client(app, portal)
    fields = {"name_cy": "Cyngor Sir Ynys Môn", "name_en": "Isle of Anglesey County Council",
              "kind": "local-authority", "budget_band": "small", "membership_status": "prospective",
              "membership_year": "2026", **data}
    response = post_form(client, "/en/staff/organisations/new", fields)
    assert response.status_code == 200 and message in response.text
    assert response.text.count("Error:") >= 1 and "Cyngor Sir Ynys Môn" in response.text
    assert count(app, Organisation) == 2 and audit_actions(app) == []


# --- users -------------------------------------------------------------------------------------------

def test_an_invitation_is_emailed_in_welsh_and_its_link_sets_a_password_and_logs_in(mail_app, portal):
    client = staff_client(mail_app, portal)
    response = post_form(client, "/en/staff/users/invite", {
        "name": "Siân Ŵyn", "email": "  Sian.Wyn@Example.ORG ", "organisation": str(portal.organisations["current"]),
        "role": "lead", "language": "cy",
    })
    assert response.status_code == 302
    assert "The invitation has been emailed to sian.wyn@example.org." in client.get(response.location).text
    with mail_app.app_context():
        person = db.session.execute(sa.select(User).where(User.email == "sian.wyn@example.org")).scalar_one()
        assert (person.name, person.role, person.language, person.password_hash) == ("Siân Ŵyn", "lead", "cy", None)
    assert mail_app.mailbox.messages == []  # queued with the account, in its transaction; cron sends it
    mail_app.send_mail()
    [message] = mail_app.mailbox.messages
    assert message["To"] == "sian.wyn@example.org" and message["Content-Language"] == "cy"
    body = message.get_body(("plain",)).get_content()
    assert "Siân Ŵyn" in body and "/cy/cyfrif/croeso/" in body
    path = link_path(body)
    newcomer = mail_app.test_client()
    page = newcomer.get(path)
    assert page.status_code == 200
    response = newcomer.post(path, data={"password": "tri gair ar hap", "confirm": "tri gair ar hap",
                                         "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert "Siân Ŵyn" in newcomer.get("/cy/aelodau/").text
    fresh = mail_app.test_client()
    assert log_in(fresh, "SIAN.WYN@example.org", "tri gair ar hap", lang="cy").status_code == 302
    assert audit_actions(mail_app) == ["user.invite"]


def test_inviting_a_taken_email_address_says_so(app, portal):
    client = staff_client(app, portal)
    response = post_form(client, "/en/staff/users/invite", {
        "name": "Someone", "email": "MEMBER@example.org", "organisation": str(portal.organisations["current"]),
        "role": "member", "language": "en",
    })
    assert response.status_code == 200 and "A user with this email address already exists" in response.text
    assert 'value="MEMBER@example.org"' in response.text and "Error:" in response.text
    assert count(app, User) == 5 and audit_actions(app) == []


def test_an_invitation_the_server_refuses_until_the_last_retry_is_shown_to_staff_who_try_again(
        make_app, smtp_server, portal):
    host, port, mailbox = smtp_server
    app = make_app(MAIL_SERVER=host, MAIL_PORT=free_port())  # nothing listens there: the server is down
    client = staff_client(app, portal)
    response = post_form(client, "/en/staff/users/invite", {
        "name": "Rhys Jones", "email": "rhys@example.org", "organisation": str(portal.organisations["current"]),
        "role": "member", "language": "en",
    })
    assert response.status_code == 302 and count(app, User, User.email == "rhys@example.org") == 1
    moment = datetime.now(timezone.utc)
    for attempt in range(1, 9):  # each run after the last one's backoff: 1, 2, 4 ... 64 minutes
        with clock.frozen_at(moment):
            result = send_mail(app)
        moment += timedelta(minutes=2 ** attempt)
        assert ("Will retry rhys@example.org" in result.output) == (attempt < 8), (attempt, result.output)
    assert result.exit_code == 1 and "Failed rhys@example.org" in result.output

    for lang, path, words in (("en", "/en/staff/email", "Try again"), ("cy", "/cy/staff/e-bost", "Rhoi cynnig arall arni")):
        page = client.get(path)
        assert page.status_code == 200 and f'href="{path}"' in page.text  # in the staff navigation
        text = visible_text(page.text)
        assert "rhys@example.org" in text and "You are invited to the members' portal" in text
        assert "could not reach the mail server" in text and words in text
    [form] = [f for f in find_all(page.text, "form", method="post") if "/ceisio-eto" in f["action"]]
    assert client.post(form["action"]).status_code == 400  # CSRF
    app.config["MAIL_PORT"] = port  # the server is back
    response = post_form(client, form["action"], token_from="/cy/staff/e-bost")
    assert response.status_code == 302
    assert "Does dim negeseuon e-bost wedi methu." in client.get(response.location).text
    send_mail(app)
    [message] = mailbox.messages
    assert message["To"] == "rhys@example.org" and "/en/account/welcome/" in message.get_body(("plain",)).get_content()
    assert audit_actions(app) == ["user.invite", "email.retry"]
    with app.app_context():
        user_id = db.session.execute(sa.select(User.id).where(User.email == "rhys@example.org")).scalar_one()
    response = post_form(client, f"/en/staff/users/{user_id}/invite-again", token_from="/en/staff/users")
    assert "The invitation has been emailed to rhys@example.org." in client.get(response.location).text
    assert audit_actions(app)[-1] == "user.invite_resent"


def test_deactivating_a_logged_in_member_locks_them_out_at_their_next_request(app, portal):
    member = member_client(app, portal)
    assert member.get("/en/members/").status_code == 200
    client = staff_client(app, portal)
    member_id = portal.users["member"].id
    response = post_form(client, f"/en/staff/users/{member_id}/deactivate", token_from=f"/en/staff/users/{member_id}")
    assert response.status_code == 302
    assert "has been deactivated" in client.get(response.location).text
    locked_out = member.get("/en/members/")
    assert locked_out.status_code == 302 and "/en/account/login" in locked_out.location
    assert log_in(app.test_client(), portal.users["member"].email).status_code != 302
    post_form(client, f"/en/staff/users/{member_id}/reactivate", token_from=f"/en/staff/users/{member_id}")
    assert log_in(app.test_client(), portal.users["member"].email).status_code == 302
    assert audit_actions(app) == ["user.deactivate", "user.reactivate"]


def test_staff_cannot_deactivate_themselves_or_change_their_own_role(app, portal):
    client = staff_client(app, portal)
    own = f"/en/staff/users/{portal.users['staff'].id}"
    assert "This is your own account" in client.get(own).text
    response = post_form(client, own + "/deactivate", token_from=own)
    assert "You cannot deactivate your own account." in client.get(response.location).text
    response = post_form(client, own + "/role", {"role": "member"}, token_from=own)
    assert "You cannot change your own role." in client.get(response.location).text
    assert client.get("/en/staff/").status_code == 200 and audit_actions(app) == []


def test_staff_change_a_role(app, portal):
    client = staff_client(app, portal)
    path = f"/en/staff/users/{portal.users['member'].id}"
    response = post_form(client, path + "/role", {"role": "lead"}, token_from=path)
    assert "role has been changed" in client.get(response.location).text
    with app.app_context():
        assert db.session.get(User, portal.users["member"].id).role == "lead"
    invalid = post_form(client, path + "/role", {"role": "emperor"}, token_from=path)
    assert invalid.status_code == 200 and "Select a role" in invalid.text
    assert audit_actions(app) == ["user.role"]


def test_the_user_list_filters_by_organisation(app, portal):
    client = staff_client(app, portal)
    everyone = client.get("/en/staff/users").text
    assert "lapsed@example.org" in everyone and "member@example.org" in everyone
    current = client.get(f"/en/staff/users?organisation={portal.organisations['current']}").text
    assert "member@example.org" in current and "lapsed@example.org" not in current
    assert "Deactivated" in current  # gone@example.org


# --- the audit log ------------------------------------------------------------------------------

def test_the_audit_page_lists_changes_newest_first(app, portal):
    client = staff_client(app, portal)
    post_form(client, f"/en/staff/resources/{portal.resources['briefing'].id}/unpublish", token_from="/en/staff/")
    post_form(client, f"/en/staff/users/{portal.users['member'].id}/deactivate", token_from="/en/staff/")
    text = visible_text(client.get("/en/staff/audit").text)
    assert text.index("Deactivated a user") < text.index("Unpublished a resource")
    assert "Staff" in text  # who
    welsh = visible_text(client.get("/cy/staff/archwilio").text)
    assert "Defnyddiwr wedi'i ddadactifadu" in welsh and "Cofnod archwilio" in welsh and "Offer staff" in welsh
    assert "Audit log" not in welsh and "Deactivated a user" not in welsh
    home = client.get("/en/staff/").text
    assert "Deactivated a user" in home and "Recent changes" in home


def test_the_audit_page_names_a_briff_issue_by_its_number_and_links_to_it(app, portal):
    from wscn_site.briff import operations
    from wscn_site.models import User

    with app.app_context():
        staff = db.session.get(User, portal.users["staff"].id)
        operations.create_issue(1, date(2026, 1, 8), staff)  # id 1
        issue = operations.create_issue(41, date(2026, 11, 26), staff)  # id 2, number 41
        issue_id = issue.id
    html = staff_client(app, portal).get("/en/staff/audit").text
    assert f'<a href="/en/staff/briff/{issue_id}">The Briff, issue 41</a>' in html
    welsh = staff_client(app, portal, lang="cy").get("/cy/staff/archwilio").text
    assert f'<a href="/cy/staff/briff/{issue_id}">Y Briff, rhifyn 41</a>' in welsh


def test_the_audit_page_names_what_changed_in_the_readers_language(app, portal):
    client = staff_client(app, portal)
    user = f"/en/staff/users/{portal.users['member'].id}"
    post_form(client, user + "/role", {"role": "lead"}, token_from=user)
    resource = f"/en/staff/resources/{portal.resources['briefing'].id}/edit"
    post_form(client, resource, resource_data(title_en="IOM Cymru briefing <b>2</b>", kind="training",
                                              expires_on="31/12/2099", topics=topic_ids(app, "prevent-contest"),
                                              document_en=upload(PDF, "new-briefing.pdf")),
              content_type="multipart/form-data")
    english = client.get("/en/staff/audit").text
    text = visible_text(english)
    assert "Role: Member → Organisation lead" in text
    assert "Type: Briefing → Training" in text and "Topics: Prevent/CONTEST" in text
    assert "Expiry date: (none) → 31 December 2099" in text
    assert "Title in English: IOM Cymru briefing → IOM Cymru briefing <b>2</b>" in text
    assert "IOM Cymru briefing &lt;b&gt;2&lt;/b&gt;" in english  # typed text stays text
    assert "Files added: Document in English: new-briefing.pdf" in text
    for code in ("title_en", "files_added", "expires_on", "document_en", '"role"'):
        assert code not in text, code
    welsh = visible_text(staff_client(app, portal, lang="cy").get("/cy/staff/archwilio").text)
    assert "Rôl: Aelod → Arweinydd y sefydliad" in welsh
    assert "Math: Papur briffio → Hyfforddiant" in welsh and "31 Rhagfyr 2099" in welsh
    for english_word in ("Role:", "Type:", "Training", "Files added", "(none)"):
        assert english_word not in welsh, english_word


# --- bad input ------------------------------------------------------------------------------------

MARKUP = '"><script>alert("wscn")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("payload", [MARKUP, "\x00", "a\x00b", "x" * 20_001, "\u202eŵŷ\ufeff", "31/12/99999"])
def test_bad_input_in_any_staff_form_field_is_never_a_server_error_nor_reflected_unescaped(app, portal, payload):
    client = staff_client(app, portal)
    forms = [
        (NEW_RESOURCE["en"], {"title_cy": "T", "title_en": "T", "summary_cy": "S", "summary_en": "S",
                              "kind": "briefing", "audience": "members", "expires_on": "",
                              "topics": topic_ids(app, "iom-cymru"),
                              "video_language": "en"}),
        ("/en/staff/organisations/new", {"name_cy": "N", "name_en": "N", "kind": "police", "budget_band": "small",
                                         "membership_status": "member", "membership_year": "2026"}),
        ("/en/staff/users/invite", {"name": "N", "email": "n@example.org", "role": "member",
                                    "organisation": str(portal.organisations["current"]),
                                    "language": "cy"}),
        (f"/en/staff/users/{portal.users['member'].id}/role", {"role": "lead"}),
    ]
    for path, fields in forms:
        for name in fields:
            data = {**fields, name: payload}
            if name == "email":
                data[name] = payload + "@example.org"
            response = post_form(client, path, data, token_from="/en/staff/", content_type="multipart/form-data")
            assert response.status_code in (200, 302), (path, name)
            page = client.get(response.location).text if response.status_code == 302 else response.text
            assert '<script>alert("wscn")' not in page and "<img src=x onerror" not in page, (path, name)
    for path in ("/en/staff/resources", "/en/staff/organisations", "/en/staff/users", "/en/staff/audit"):
        page = client.get(path).text
        assert '<script>alert("wscn")' not in page and "<img src=x onerror" not in page, path


def _add_user(app, email, role):
    from factories import user

    with app.app_context():
        person = user(email, role=role)
        db.session.commit()
        return person.id


def test_operations_decide_who_may_manage_whom(app, portal):
    """Item 11: the operations themselves refuse, whoever calls them (view, CLI or test)."""
    from wscn_site.audit import Refused
    from wscn_site.staff import operations

    admin_id = _add_user(app, "admin@example.org", "admin")
    other_staff_id = _add_user(app, "colleague@example.org", "staff")
    with app.app_context():
        staff, admin = db.session.get(User, portal.users["staff"].id), db.session.get(User, admin_id)
        colleague, member = db.session.get(User, other_staff_id), db.session.get(User, portal.users["member"].id)
        refusals = []
        for attempt in (lambda: operations.set_active(admin, False, staff),
                        lambda: operations.set_active(colleague, False, staff),
                        lambda: operations.change_role(admin, "staff", staff),
                        lambda: operations.change_role(colleague, "member", staff),
                        lambda: operations.change_role(member, "admin", staff),
                        lambda: operations.set_active(admin, False, admin),
                        lambda: operations.change_role(admin, "staff", admin),
                        lambda: operations.set_active(member, False, member)):
            with pytest.raises(Refused) as refused:
                attempt()
            refusals.append(refused.value.reason)
        assert refusals == ["staff-account", "staff-account", "admin-only", "staff-account", "admin-only",
                            "self", "own-role", "staff-only"]
        assert (admin.active, colleague.active, colleague.role, member.role) == (True, True, "staff", "member")
        assert operations.change_role(member, "lead", staff) and operations.set_active(member, False, staff)
        assert operations.set_active(colleague, False, admin) and operations.change_role(colleague, "admin", admin)
    assert audit_actions(app) == ["user.role", "user.deactivate", "user.deactivate", "user.role"]


@pytest.mark.parametrize("lang, path, message", [
    ("en", "/en/staff/users/{id}", "Only administrators can change the accounts of Network staff."),
    ("cy", "/cy/staff/defnyddwyr/{id}", "Dim ond gweinyddwyr all newid cyfrifon staff y Rhwydwaith."),
])
def test_plain_staff_cannot_deactivate_an_administrator(app, portal, lang, path, message):
    """Item 11 through the views: refused, with the reason in the page's language."""
    admin_id = _add_user(app, "admin@example.org", "admin")
    admin = app.test_client()
    assert log_in(admin, "admin@example.org").status_code == 302
    client = staff_client(app, portal, lang=lang)
    page = path.format(id=admin_id)
    action = "/deactivate" if lang == "en" else "/dadactifadu"
    response = post_form(client, page + action, token_from=page)
    assert response.status_code == 302 and message in client.get(response.location).text
    role = post_form(client, page + ("/role" if lang == "en" else "/rol"), {"role": "member"}, token_from=page)
    shown = client.get(role.location).text
    assert ("Only administrators can give or take away the administrator role." if lang == "en" else
            "Dim ond gweinyddwyr all roi rôl gweinyddwr i rywun, neu ei thynnu oddi arno.") in shown
    with app.app_context():
        assert db.session.get(User, admin_id).active and db.session.get(User, admin_id).role == "admin"
    assert admin.get("/en/staff/").status_code == 200 and audit_actions(app) == []


def test_only_administrators_grant_the_administrator_role(app, portal):
    client = staff_client(app, portal)
    path = f"/en/staff/users/{portal.users['member'].id}"
    response = post_form(client, path + "/role", {"role": "admin"}, token_from=path)
    assert "Only administrators can give or take away the administrator role." in client.get(response.location).text
    invite = post_form(client, "/en/staff/users/invite", {
        "name": "New Admin", "email": "new-admin@example.org", "role": "admin", "language": "cy",
        "organisation": "0"}, token_from="/en/staff/users/invite")
    assert "Only administrators can give" in invite.text
    with app.app_context():
        assert db.session.get(User, portal.users["member"].id).role == "member"
        assert db.session.execute(sa.select(User).where(User.email == "new-admin@example.org")).first() is None
        db.session.get(User, portal.users["staff"].id).role = "admin"
        db.session.commit()
    client = staff_client(app, portal)
    response = post_form(client, path + "/role", {"role": "admin"}, token_from=path)
    with app.app_context():
        assert db.session.get(User, portal.users["member"].id).role == "admin"


def test_nobody_can_be_invited_into_the_placeholder_that_holds_non_members_bookings(app, portal):
    """Its people would see every non-member's places: it is not offered, and a forged choice is refused."""
    from wscn_site.events.nonmember_operations import nonmember_organisation

    with app.app_context():
        placeholder = nonmember_organisation().id
        db.session.commit()
    client = staff_client(app, portal)
    page = client.get("/en/staff/users/invite")
    assert page.status_code == 200 and "Non-member bookings" not in page.text
    response = post_form(client, "/en/staff/users/invite", {
        "name": "Forged", "email": "forged@example.org", "organisation": str(placeholder), "role": "member",
        "language": "en"})
    assert response.status_code == 200 and "Error:" in response.text
    with app.app_context():
        assert db.session.execute(sa.select(User).where(User.email == "forged@example.org")).first() is None
