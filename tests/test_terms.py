"""The Welsh glossary: mutated forms count as the term, and staff see its warnings when they write Welsh."""
import re

import pytest

from helpers import visible_text
from staff_helpers import create_resource, post_form, staff_client
from wscn_site import terms

pytestmark = pytest.mark.db


def test_mutations_follow_the_rules_not_a_list():
    assert terms.mutations("papur") == {"papur", "bapur", "mhapur", "phapur"}
    assert terms.mutations("cyfredol") == {"cyfredol", "gyfredol", "nghyfredol", "chyfredol"}
    assert terms.mutations("gwirio") == {"gwirio", "wirio", "ngwirio"}
    assert terms.mutations("llyfr") == {"llyfr", "lyfr"}
    assert terms.mutations("rhagweld") == {"rhagweld", "ragweld"}
    assert terms.mutations("aelodiaeth") == {"aelodiaeth", "haelodiaeth"}
    assert terms.mutations("ffeil") == {"ffeil"}


def test_a_mutated_variant_is_found_and_a_right_text_passes():
    found = terms.find("Read the briefings", "Darllenwch y ddau friffiad")
    assert [f.variant for f in found] == ["friffiad"]
    assert terms.find("Read the briefings", "Darllenwch y papurau briffio") == []
    assert terms.find("Read the report", "Darllenwch y briffiad") == []  # the English does not use the term


def test_acronyms_neither_mutate_nor_match_other_case():
    assert [f.variant for f in terms.find("CSPs", "Y CSP a'r PDC")] == ["CSP"]
    assert terms.find("CSPs", "y csp") == []


def issue_id_of(response):
    return int(re.search(r"/staff/briff/(\d+)", response.location).group(1))


def test_briff_editor_warns_about_off_glossary_welsh_but_saves_it(app, portal):
    client = staff_client(app, portal, lang="cy")
    issue = post_form(client, "/cy/staff/briff/newydd", {"number": "30", "issue_date": "27/11/2026"})
    issue_id = issue_id_of(issue)
    item = {"title_cy": "Briffiadau newydd ar gyllid", "title_en": "New funding briefings",
            "body_cy": "Testun.", "body_en": "Text.", "visibility": "public", "topic": "0"}
    saved = post_form(client, f"/cy/staff/briff/{issue_id}/eitemau/newydd", item)
    assert saved.status_code == 302
    page = visible_text(client.get(saved.location).text)
    assert "Mae'r eitem wedi'i chadw." in page
    assert ("Teitl yn Gymraeg: mae geirfa'r wefan yn defnyddio “papur briffio” am “briefings”, "
            "nid “Briffiadau”.") in page
    item_id = int(re.search(rf"/cy/staff/briff/{issue_id}/eitemau/(\d+)", client.get(saved.location).text).group(1))
    form = visible_text(client.get(f"/cy/staff/briff/{issue_id}/eitemau/{item_id}").text)
    assert "Mae rhai geiriau Cymraeg yn wahanol i eirfa'r wefan" in form


def test_briff_editor_shows_no_warning_for_welsh_that_keeps_to_the_glossary(app, portal):
    client = staff_client(app, portal)
    issue_id = issue_id_of(post_form(client, "/en/staff/briff/new", {"number": "31", "issue_date": "27/11/2026"}))
    item = {"title_cy": "Papurau briffio newydd ar gyllid", "title_en": "New funding briefings",
            "body_cy": "Testun.", "body_en": "Text.", "visibility": "public", "topic": "0"}
    page = client.get(post_form(client, f"/en/staff/briff/{issue_id}/items/new", item).location).text
    assert "glossary" not in visible_text(page)


def test_resource_editor_warns_in_english_too(app, portal):
    client = staff_client(app, portal)
    response = create_resource(client, summary_cy="Ymateb ymgynghoriad drafft.",
                               summary_en="A draft consultation response.")
    assert response.status_code == 302
    page = visible_text(client.get(response.location).text)
    assert ("Summary in Welsh: the site's glossary has “ymateb i ymgynghoriad” for “consultation response”, "
            "not “Ymateb ymgynghoriad”.") in page
    edit = visible_text(client.get(response.location + "/edit").text)
    assert "Some Welsh words differ from the site's glossary (this does not stop you saving):" in edit
