"""The fee-band calculator on the membership page, used as a visitor would (a GET form)."""
import pytest

from helpers import find_all, visible_text


def answer(client, lang="en", **query):
    path = "/en/membership" if lang == "en" else "/cy/aelodaeth"
    response = client.get(path, query_string=query)
    assert response.status_code == 200
    return response.text, visible_text(response.text)


def test_fee_table_shows_the_three_bands(client):
    text = visible_text(client.get("/en/membership").text)
    assert "Under £200 million £7,500" in text
    assert "£200 million to £400 million £10,000" in text
    assert "Over £400 million £12,500" in text
    welsh = visible_text(client.get("/cy/aelodaeth").text)
    assert "Llai na £200 miliwn £7,500" in welsh
    assert "£200 miliwn i £400 miliwn £10,000" in welsh
    assert "Dros £400 miliwn £12,500" in welsh


def test_fee_table_is_an_accessible_table(client):
    html = client.get("/en/membership").text
    assert "<caption>" in html
    assert len(find_all(html, "th", scope="col")) == 2
    assert len(find_all(html, "th", scope="row")) == 3


def test_calculator_form_works_without_javascript(client):
    html = client.get("/en/membership").text
    form = find_all(html, "form")[0]
    assert form["method"] == "get" and form["action"].startswith("/en/membership")
    assert "novalidate" in form
    assert find_all(html, "input", name="budget")


@pytest.mark.parametrize("budget,fee", [
    ("0.5", "£7,500"), ("199.99", "£7,500"), ("200", "£10,000"), ("300", "£10,000"),
    ("400", "£10,000"), ("400.01", "£12,500"), ("12000", "£12,500"),
    ("£250m", "£10,000"), ("1,200", "£12,500"), (" 150 million ", "£7,500"),
])
def test_budget_gives_band_and_fee(client, budget, fee):
    html, text = answer(client, budget=budget, kind="public")
    assert f"The membership fee is {fee} a year." in text
    assert "There is a problem" not in text


def test_answer_in_welsh(client):
    html, text = answer(client, "cy", budget="250", kind="public")
    assert "Mae cyllideb o £250 miliwn yn y band: £200 miliwn i £400 miliwn." in text
    assert "Y ffi aelodaeth yw £10,000 y flwyddyn." in text


def test_third_sector_is_not_expected_to_pay(client):
    _, text = answer(client, kind="third-sector", budget="")
    assert "Third-sector organisations are not expected to pay these membership fees." in text
    _, welsh = answer(client, "cy", kind="third-sector")
    assert "Nid oes disgwyl i sefydliadau'r trydydd sector dalu'r ffioedd aelodaeth hyn." in welsh


@pytest.mark.parametrize("budget,english,welsh", [
    ("", "Enter your organisation's budget in millions of pounds", "Rhowch gyllideb eich sefydliad"),
    ("-5", "The budget must be more than £0 million", "Rhaid i'r gyllideb fod yn fwy na £0 miliwn"),
    ("0", "The budget must be more than £0 million", "Rhaid i'r gyllideb fod yn fwy na £0 miliwn"),
    ("abc", "Enter the budget as a number", "Rhowch y gyllideb fel nifer"),
    ("1e5", "Enter the budget as a number", "Rhowch y gyllideb fel nifer"),
    ("NaN", "Enter the budget as a number", "Rhowch y gyllideb fel nifer"),
    ("9" * 500, "Enter the budget as a number", "Rhowch y gyllideb fel nifer"),
    ("250000000", "Enter a budget of £50,000 million or less", "Rhowch gyllideb o £50,000 miliwn neu lai"),
    ("50001", "Enter a budget of £50,000 million or less", "Rhowch gyllideb o £50,000 miliwn neu lai"),
])
def test_bad_budgets_get_a_clear_message_in_both_languages(client, budget, english, welsh):
    html, text = answer(client, budget=budget, kind="public")
    assert "There is a problem" in text and english in text
    assert text.count(english) == 2  # in the summary and beside the field
    assert "<title>Error: Membership" in html
    assert 'href="#budget"' in html and 'aria-invalid="true"' in html
    assert "The membership fee is" not in text
    html, text = answer(client, "cy", budget=budget, kind="public")
    assert "Mae problem wedi codi" in text and welsh in text
    assert "<title>Gwall: Aelodaeth" in html
    assert "There is a problem" not in text


def test_largest_allowed_budget_is_accepted(client):
    _, text = answer(client, budget="50000", kind="public")
    assert "The membership fee is £12,500 a year." in text


def test_unknown_kind_asks_for_the_kind(client):
    _, text = answer(client, kind="police-ish", budget="100")
    assert "Select the kind of organisation" in text


def test_what_was_typed_is_kept_and_escaped(client):
    html, _ = answer(client, budget='"><script>alert(1)</script>', kind="public")
    assert "<script>alert(1)" not in html
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_band_limits_live_in_one_place():
    from decimal import Decimal

    from wscn_site import fees

    assert [b.fee for b in fees.FEE_BANDS] == [7500, 10000, 12500]
    assert fees.band_for(Decimal(200)).code == "medium" and fees.band_for(Decimal(400)).code == "medium"
