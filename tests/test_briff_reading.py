"""Reading the Briff: archive, search, issue pages, the Atom feeds and the sitemap, for each kind of reader."""
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from helpers import find_all, language_toggle, toggle_target, visible_text
from staff_helpers import member_client, staff_client
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import BriffIssue, BriffItem, Topic

pytestmark = pytest.mark.db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SECRET_TITLE = "Covert operation Ŵylfa"
SECRET_WORD = "zebracrossing"


def make_issue(number, items, published=True, day=None):
    issue = BriffIssue(number=number, issue_date=day or date(2026, 11, 26),
                       published_at=clock.now() - timedelta(hours=number) if published else None)
    moment = clock.now() - timedelta(days=1)
    for position, fields in enumerate(items):
        issue.items.append(BriffItem(position=position, en_changed_at=moment, cy_changed_at=moment, **fields))
    db.session.add(issue)
    return issue


def item(title, body="Body text.", **fields):
    return {"title_en": title, "title_cy": f"{title} (cy)", "body_en": body, "body_cy": f"{body} (cy)", **fields}


@pytest.fixture
def briff(app, portal):
    """Issue 41: a public item, a members-only item and a confidential one; issue 40: public only; a draft 42."""
    with app.app_context():
        topic = db.session.query(Topic).filter_by(slug="iom-cymru").one()
        make_issue(41, [
            item("Funding round opens", "Apply for the **new fund** by March.", topic_id=topic.id,
                 link="https://gov.wales/funding"),
            item("Members' seminar on ASB", f"The {SECRET_WORD} seminar is on Tuesday.", visibility="members"),
            item(SECRET_TITLE, "Details of the covert operation.", visibility="members", confidential=True),
        ])
        make_issue(40, [item("Older news", "Nothing new.")], day=date(2026, 11, 19))
        make_issue(42, [item("Draft only story")], published=False, day=date(2026, 12, 3))
        db.session.commit()


def readers(app, portal):
    return {"anonymous": app.test_client(), "lapsed": member_client(app, portal, "lapsed")}


# --- archive and issue pages ----------------------------------------------------------------------

def test_archive_lists_published_issues_newest_first(app, briff):
    html = app.test_client().get("/en/briff/").text
    assert html.index("The Briff, issue 41") < html.index("The Briff, issue 40")
    assert "issue 42" not in html and "Draft only story" not in html
    assert "2 issues" in visible_text(html)
    feeds = find_all(html, "link", rel="alternate", type="application/atom+xml")
    assert feeds and feeds[0]["href"] == "https://safercommunities.example/en/briff/feed.atom"
    assert app.test_client().get("/en/briff/42").status_code == 404


def test_archive_is_paginated(app, portal):
    with app.app_context():
        for number in range(1, 13):
            make_issue(number, [item(f"Story {number}")], day=date(2026, 1, 1) + timedelta(weeks=number))
        db.session.commit()
    client = app.test_client()
    first = client.get("/en/briff/").text
    assert "12 issues" in visible_text(first) and "Page 1 of 2" in visible_text(first)
    assert "issue 12" in first and "issue 2<" not in first
    second = client.get("/en/briff/?page=2").text
    assert "The Briff, issue 2<" in second and "The Briff, issue 1<" in second and "issue 12" not in second
    assert client.get("/en/briff/?page=999").status_code == 200


def test_pages_of_a_search_keep_the_search(app, portal):
    with app.app_context():
        topic = db.session.query(Topic).filter_by(slug="iom-cymru").one()
        for number in range(1, 13):
            make_issue(number, [item(f"Story {number}", "Probation news.", topic_id=topic.id)],
                       day=date(2026, 1, 1) + timedelta(weeks=number))
        make_issue(13, [item("Unrelated", "Other news.")], day=date(2026, 6, 1))
        db.session.commit()
    client = app.test_client()
    first = client.get("/en/briff/?q=probation&topic=iom-cymru").text
    assert "12 issues found" in visible_text(first) and "Page 1 of 2" in visible_text(first)
    [next_link] = find_all(first, "a", rel="next")
    assert next_link["href"] == "/en/briff/?q=probation&topic=iom-cymru&page=2"
    assert not find_all(first, "a", rel="prev")
    second = client.get(next_link["href"]).text
    assert "Page 2 of 2" in visible_text(second) and "issue 13" not in second
    [previous] = find_all(second, "a", rel="prev")
    assert previous["href"] == "/en/briff/?q=probation&topic=iom-cymru"  # page 1 has one address
    assert not find_all(second, "a", rel="next")


def test_welsh_pages_have_welsh_dates_and_language(app, briff):
    html = app.test_client().get("/cy/briff/41").text
    assert '<html lang="cy">' in html and "26 Tachwedd 2026" in html
    assert "Funding round opens (cy)" in html and "Funding round opens<" not in html
    archive = app.test_client().get("/cy/briff/").text
    assert "19 Tachwedd 2026" in archive
    assert toggle_target(language_toggle(archive)) == "/en/briff/"


def test_the_main_menu_links_to_the_briff_in_each_language(client):
    for lang in ("en", "cy"):
        menu = re.search(r'<nav class="main-nav".*?</nav>', client.get(f"/{lang}/").text, re.S).group(0)
        assert f'href="/{lang}/briff/"' in menu


def test_staff_written_markdown_is_sanitised(app, portal):
    with app.app_context():
        make_issue(1, [item("Sanitising", '<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n'
                                          '[bad](javascript:alert(1)) and [good](https://example.org/page) '
                                          '<a href="https://example.org" onclick="steal()">raw</a>')])
        db.session.commit()
    html = app.test_client().get("/en/briff/1").text
    body = html.split('<main', 1)[1]
    assert "<script" not in body and "onerror" not in body and "onclick" not in body
    assert "javascript:" not in body
    links = find_all(body, "a", href="https://example.org/page")
    assert links and links[0]["rel"] == "noopener noreferrer"
    feed = app.test_client().get("/en/briff/feed.atom").text
    assert "&lt;script" not in feed and "javascript:" not in feed and "onerror" not in feed


# --- members-only items ---------------------------------------------------------------------------

def test_anonymous_and_lapsed_readers_see_only_the_placeholder(app, portal, briff):
    for who, client in readers(app, portal).items():
        html = client.get("/en/briff/41").text
        text = visible_text(html)
        assert "Funding round opens" in text and "new fund" in html, who
        assert "Members' seminar on ASB" in text, who          # title shown, not confidential
        assert SECRET_WORD not in html, who
        assert SECRET_TITLE not in html and "covert" not in html.lower(), who
        assert text.count("Members-only item") >= 2, who
        if who == "anonymous":
            assert find_all(html, "a", href="/en/account/login?next=/en/briff/41")
        archive = client.get("/en/briff/").text
        assert SECRET_TITLE not in archive and SECRET_WORD not in archive and "Members-only item" in archive


def test_entitled_members_and_staff_read_members_only_items_in_full(app, portal, briff):
    for client in (member_client(app, portal), staff_client(app, portal)):
        html = client.get("/en/briff/41").text
        assert SECRET_WORD in html and SECRET_TITLE in html and "Details of the covert operation." in html
        assert "log in to read" not in html
        assert client.get("/en/briff/41").headers["Cache-Control"] == "private, no-store"


def test_search_never_matches_members_only_text_for_those_who_may_not_read_it(app, portal, briff):
    for who, client in readers(app, portal).items():
        html = client.get(f"/en/briff/?q={SECRET_WORD}").text
        assert "0 issues found" in visible_text(html), who
        assert "issue 41" not in html, who
        assert "0 issues found" in visible_text(client.get("/en/briff/?q=covert").text), who
    member = member_client(app, portal)
    found = member.get(f"/en/briff/?q={SECRET_WORD}").text
    assert "1 issue found" in visible_text(found) and "Members&#39; seminar on ASB" in found
    assert "Funding round opens" not in found  # only the matching items are listed


def test_search_is_within_the_readers_language_and_topics_filter(app, briff):
    client = app.test_client()
    assert "1 issue found" in visible_text(client.get("/en/briff/?q=funding round").text)
    assert "0 issues found" in visible_text(client.get("/en/briff/?q=(cy)").text)
    assert "Cafwyd hyd i 2 rifyn" in visible_text(client.get("/cy/briff/?q=(cy)").text)
    topic = client.get("/en/briff/?topic=iom-cymru").text
    assert "1 issue found" in visible_text(topic) and "issue 41" in topic and "issue 40" not in topic
    assert "0 issues found" in visible_text(client.get("/en/briff/?q=%25").text)


# --- feeds and sitemap --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "cy"])
def test_feed_is_atom_with_public_items_only(app, portal, briff, lang):
    for client in (app.test_client(), member_client(app, portal)):
        response = client.get(f"/{lang}/briff/feed.atom")
        assert response.status_code == 200 and response.mimetype == "application/atom+xml"
        root = ET.fromstring(response.data)
        assert root.tag == f"{ATOM}feed" and root.get(XML_LANG) == lang
        for name in ("id", "title", "updated"):
            assert root.find(f"{ATOM}{name}").text
        links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert links["self"] == f"https://safercommunities.example/{lang}/briff/feed.atom"
        assert links["alternate"] == f"https://safercommunities.example/{lang}/briff/"
        entries = root.findall(f"{ATOM}entry")
        assert [e.find(f"{ATOM}id").text for e in entries] == [
            f"https://safercommunities.example/{lang}/briff/41", f"https://safercommunities.example/{lang}/briff/40"]
        for entry in entries:
            assert entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}updated").text
            assert entry.find(f"{ATOM}content").get("type") == "html"
        content = entries[0].find(f"{ATOM}content").text
        assert "Funding round opens" in content and "<strong>new fund</strong>" in content
        assert "seminar" not in content.lower() and SECRET_WORD not in response.text
        assert SECRET_TITLE not in response.text and "Members-only" not in response.text


def test_sitemap_lists_published_issues_in_both_languages(app, briff):
    xml = app.test_client().get("/sitemap.xml").text
    root = ET.fromstring(xml.encode())
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [loc.text for loc in root.iter(f"{ns}loc")]
    for path in ("/en/briff/41", "/cy/briff/41", "/en/briff/40", "/cy/briff/", "/en/briff/"):
        assert f"https://safercommunities.example{path}" in locs
    assert not any("/briff/42" in loc for loc in locs)
    assert 'hreflang="cy" href="https://safercommunities.example/cy/briff/41"' in xml
    assert SECRET_WORD not in xml and "seminar" not in xml.lower()


def test_a_new_issue_shows_at_once_for_anonymous_readers(app, briff):
    """Served from the page cache, which publishing empties (test_page_cache_coherence.py: other processes too)."""
    from wscn_site.briff import operations

    client = app.test_client()
    assert "issue 43" not in client.get("/en/briff/").text
    assert "issue 43" not in client.get("/en/briff/").text
    assert app.extensions["page_cache"].hits == 1
    with app.app_context():
        issue = make_issue(43, [item("Brand new")], published=False, day=date(2026, 12, 10))
        db.session.commit()
        assert operations.publish_now(issue, None)
    assert "issue 43" in client.get("/en/briff/").text
    assert client.get("/en/briff/43").status_code == 200
