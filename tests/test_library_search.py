"""The members' resource library: search in the reader's language, filters, and pages of results."""
import re
from html import unescape as html_unescape

import pytest

from factories import PDF, attach, log_in, resource
from helpers import find_all, visible_text
from wscn_site.extensions import db
from wscn_site.models import Topic

pytestmark = pytest.mark.db


def member(app, portal, lang="en"):
    client = app.test_client()
    who = "member" if lang == "en" else "welsh_member"
    assert log_in(client, portal.users[who].email, lang=lang).status_code == 302
    return client


def titles(html):
    """The titles in the list of results, in order (HTML entities as the page has them)."""
    return [html_unescape(title) for title in re.findall(
        r'<h3><a href="/(?:en/members/resources|cy/aelodau/adnoddau)/\d+">([^<]*)</a></h3>', html)]


def test_search_is_in_the_readers_language_and_takes_wildcards_literally(app, portal):
    with app.app_context():
        attach(resource("Anti-social behaviour toolkit", summary="Powers under the 2014 Act (100% of them)."),
               PDF, "toolkit.pdf")
        db.session.commit()
    client = member(app, portal)
    assert titles(client.get("/en/members/library?q=TOOLKIT").text) == ["Anti-social behaviour toolkit"]
    assert titles(client.get("/en/members/library?q=toolkit+2014").text) == ["Anti-social behaviour toolkit"]
    assert titles(client.get("/en/members/library?q=toolkit+1999").text) == []  # every word must match
    assert titles(client.get("/en/members/library?q=100%25").text) == ["Anti-social behaviour toolkit"]
    assert titles(client.get("/en/members/library?q=%25").text) == ["Anti-social behaviour toolkit"]  # not "all"
    assert titles(client.get("/en/members/library?q=_").text) == []
    welsh = member(app, portal, "cy")
    assert titles(welsh.get("/cy/aelodau/llyfrgell?q=crynodeb+toolkit").text) == ["Anti-social behaviour toolkit (cy)"]
    assert titles(welsh.get("/cy/aelodau/llyfrgell?q=Powers").text) == []  # English words, Welsh page
    assert "Ni chafwyd hyd i unrhyw adnoddau" in visible_text(welsh.get("/cy/aelodau/llyfrgell?q=dimbyd").text)


def test_filters_by_type_topic_and_language_of_the_file(app, portal):
    with app.app_context():
        prevent = db.session.query(Topic).filter_by(slug="prevent-contest").one()
        attach(resource("Prevent guidance in Welsh", kind="legislation-briefing", topics=[prevent]), PDF,
               "canllawiau.pdf", "cy")
        db.session.commit()
    client = member(app, portal)
    assert titles(client.get("/en/members/library?kind=legislation-briefing").text) == ["Prevent guidance in Welsh"]
    assert titles(client.get("/en/members/library?topic=prevent-contest").text) == ["Prevent guidance in Welsh"]
    assert "Prevent guidance in Welsh" in titles(client.get("/en/members/library?language=cy").text)
    assert "Prevent guidance in Welsh" not in titles(client.get("/en/members/library?language=en").text)
    unknown = client.get("/en/members/library?kind=nonsense&language=fr")
    assert unknown.status_code == 200 and "IOM Cymru briefing" in titles(unknown.text)  # ignored, not trusted
    no_such_topic = client.get("/en/members/library?topic=%00nonsense")
    assert no_such_topic.status_code == 200 and titles(no_such_topic.text) == []


def test_pages_of_results_keep_the_filters(app, portal):
    with app.app_context():
        for number in range(25):
            attach(resource(f"Funding note {number:02}", kind="funding-briefing"), PDF, f"note-{number}.pdf")
        db.session.commit()
    client = member(app, portal)
    first = client.get("/en/members/library?kind=funding-briefing&q=note").text
    assert "25 resources found" in visible_text(first) and "Page 1 of 2" in visible_text(first)
    assert len(titles(first)) == 20
    [next_link] = find_all(first, "a", rel="next")
    assert next_link["href"] == "/en/members/library?q=note&kind=funding-briefing&page=2"
    second = client.get(next_link["href"]).text
    assert len(titles(second)) == 5 and "Page 2 of 2" in visible_text(second)
    [previous] = find_all(second, "a", rel="prev")
    assert previous["href"] == "/en/members/library?q=note&kind=funding-briefing"
    welsh = member(app, portal, "cy").get("/cy/aelodau/llyfrgell?kind=funding-briefing&q=note&page=2").text
    assert "Tudalen 2 o 2" in visible_text(welsh)
    assert find_all(welsh, "a", rel="prev")[0]["href"] == "/cy/aelodau/llyfrgell?q=note&kind=funding-briefing"
