"""The annual meeting in a real browser, on the demo data: a member asks a question in Welsh, staff
(working in English) accept it and answer it in Welsh, the meeting takes place, staff publish the
answers and the minutes, and the member reads the answer in Welsh, with the email in Welsh in the outbox."""
from datetime import timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

QUESTION = "A fydd y Rhwydwaith yn cynnal gweithdy ar gyllid ŵyl ac ŷd y gwanwyn? (prawf taith)"
ANSWER = "Bydd: cynhelir y gweithdy ym mis Mawrth, a bydd y manylion yn y Briff. (prawf taith)"


def _log_in(page, path, email, password, field_email, field_password, button):
    page.goto(path)
    page.get_by_label(field_email).fill(email)
    page.get_by_label(field_password, exact=True).fill(password)
    page.get_by_role("button", name=button, exact=True).click()


def _question(live_site):
    from wscn_site.extensions import db
    from wscn_site.models import MeetingQuestion

    with live_site.app.app_context():
        return db.session.execute(sa.select(MeetingQuestion).where(MeetingQuestion.text == QUESTION)).scalar_one()


def _the_meeting_takes_place(live_site, meeting_id):
    from wscn_site import clock
    from wscn_site.extensions import db
    from wscn_site.models import Meeting

    with live_site.app.app_context():
        db.session.execute(sa.update(Meeting).where(Meeting.id == meeting_id).values(
            starts_at=clock.now() - timedelta(hours=2), questions_close_at=clock.now() - timedelta(days=1)))
        db.session.commit()


def _welsh_answer_email(live_site, email):
    from wscn_site.extensions import db
    from wscn_site.models import OutboxMessage

    with live_site.app.app_context():
        return db.session.execute(sa.select(OutboxMessage.language, OutboxMessage.subject).where(
            OutboxMessage.kind == "meeting_answers", OutboxMessage.recipient == email)).one()


def test_a_member_asks_in_welsh_staff_accept_and_answer_and_the_member_reads_the_answer_in_welsh(
        page, browser, live_server, live_site):
    email, password = live_site.logins["member"]
    _log_in(page, "/cy/cyfrif/mewngofnodi", email, password, "Cyfeiriad e-bost", "Cyfrinair", "Mewngofnodi")
    page.get_by_role("link", name="Y cyfarfod blynyddol: yr agenda").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cyfarfod blynyddol yr aelodau")
    page.get_by_label("Y Bwrdd Llywodraethu").check()
    expect(page.get_by_label("Cymraeg", exact=True)).to_be_checked()  # the page's language, chosen already
    page.get_by_label("Eich cwestiwn").fill(QUESTION)
    page.get_by_role("button", name="Anfon y cwestiwn").click()
    expect(page.get_by_text("Diolch: mae eich cwestiwn wedi'i anfon.")).to_be_visible()
    mine = page.locator("ul.meeting-questions > li", has_text=QUESTION)  # the organisation's own list
    expect(mine).to_contain_text("Statws: Wedi'i gyflwyno.")
    question = _question(live_site)
    assert (question.language, question.addressed_to) == ("cy", "board")

    staff_context = browser.new_context(base_url=live_server, locale="en-GB")
    staff_context.set_default_timeout(10_000)
    staff = staff_context.new_page()
    _log_in(staff, "/en/account/login", *live_site.logins["staff"], "Email address", "Password", "Log in")
    staff.goto("/en/staff/")
    staff.get_by_role("link", name="The annual meeting of members: the agenda").click()
    staff.get_by_role("table").get_by_role("link").first.click()
    staff.get_by_role("link", name=f"#{question.id}", exact=True).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"Question {question.id}")
    staff.get_by_role("button", name="Accept the question").click()
    expect(staff.get_by_text("The question has been updated.")).to_be_visible()
    staff.get_by_label("Answer in Welsh").fill(ANSWER)
    staff.get_by_role("button", name="Save the answer").click()
    expect(staff.get_by_text("The question has been updated.")).to_be_visible()

    page.reload()  # recorded, not yet published: the member sees it accepted, without the answer
    expect(mine).to_contain_text("Statws: Wedi'i dderbyn.")
    expect(page.get_by_text(ANSWER)).to_have_count(0)

    _the_meeting_takes_place(live_site, question.meeting_id)
    staff.get_by_role("link", name="The annual meeting of members,").click()
    staff.get_by_role("link", name="After the meeting: publish the answers and the minutes").click()
    staff.get_by_label("Minutes in Welsh").fill("## Cofnodion\n\nAtebwyd cwestiynau'r aelodau. (prawf taith)")
    staff.get_by_label("Minutes in English").fill("## Minutes\n\nMembers' questions were answered. (journey test)")
    staff.get_by_role("button", name="Publish the answers and the minutes").click()
    expect(staff.get_by_text("The answers and the minutes are published.")).to_be_visible()
    staff_context.close()

    page.reload()
    expect(mine).to_contain_text("Statws: Wedi'i ateb.")
    answer = mine.locator("[lang=cy]", has_text=ANSWER)
    expect(answer).to_be_visible()
    published = page.locator("ol.meeting-questions > li", has_text=QUESTION)  # now every member's to read
    expect(published.locator("[lang=cy]", has_text=ANSWER)).to_be_visible()
    page.get_by_role("link", name="Cofnodion cyfarfod blynyddol yr aelodau").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cofnodion cyfarfod blynyddol yr aelodau")
    assert _welsh_answer_email(live_site, email) == ("cy", "Cyfarfod blynyddol yr aelodau: yr atebion a'r cofnodion")
