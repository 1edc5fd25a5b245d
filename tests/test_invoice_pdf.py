"""Invoice PDFs: Welsh letters render (the text is extracted from the PDF), the organisation's language
or both with Welsh first, the issuer's details from configuration, and the PDF is stored exactly
when the invoice is committed."""
import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from factories import member_with_fee
from wscn_site.audit import Refused
from wscn_site.extensions import db
from wscn_site.membership.invoicing import invoice_membership
from wscn_site.models import Invoice, InvoiceCounter
from wscn_site.storage import store

pytestmark = pytest.mark.db
WELSH_LETTERS = "âêîôûŵŷ"
ISSUER = {
    "name_en": "Welsh Local Government Association", "name_cy": "Cymdeithas Llywodraeth Leol Cymru",
    "address": ["Tŷ Llywodraeth Leol", "Rhodfa Drake", "Caerdydd", "CF10 4LG"],
    "email": "SaferCommunities@wlga.gov.uk", "vat_number": "GB 123 4567 89",
    "payment_en": ["Bank: Example Bank plc", "Sort code 12-34-56, account 12345678"],
    "payment_cy": ["Banc: Banc Enghreifftiol ccc", "Cod didoli 12-34-56, cyfrif 12345678"],
}


def pdf_text(invoice):
    data = b"".join(store().chunks(invoice.storage_name))
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader  # words as a reader sees them, whatever the line breaks


def issue_for(**options):
    org = member_with_fee(**options)
    invoice, reason = invoice_membership(org.memberships[0])
    assert reason is None
    db.session.commit()
    return invoice


def test_bilingual_invoice_renders_every_welsh_letter_welsh_first(app):
    with app.app_context():
        invoice = issue_for(name="Cyngor Prawf âêîôû ŵŷ", invoice_language="both")
        text, reader = pdf_text(invoice)
    for letter in WELSH_LETTERS:
        assert letter in text, letter
    assert "Cyngor Prawf âêîôû ŵŷ" in text and "Isle of Anglesey County Council" in text
    assert "Siân Ŵyn" in text
    assert text.index("ANFONEB") < text.index("INVOICE")  # Welsh first
    assert text.index("Aelodaeth o Rwydwaith") < text.index("Membership of the Wales Safer Communities Network")
    assert invoice.number in text and "£10,000.00" in text
    assert "£200 miliwn i £400 miliwn" in text and "£200 million to £400 million" in text  # the fee band
    assert "2026-27" in text or f"{invoice.year}-" in text
    assert reader.metadata.title == f"Anfoneb / Invoice {invoice.number}"


@pytest.mark.parametrize("language, present, absent", [
    ("cy", ["ANFONEB", "Dyddiad cyhoeddi", "Cyngor Sir Ynys Môn"], ["INVOICE", "Date of issue"]),
    ("en", ["INVOICE", "Date of issue", "Isle of Anglesey County Council"], ["ANFONEB", "Dyddiad cyhoeddi"]),
])
def test_invoice_is_in_the_organisations_language(app, language, present, absent):
    with app.app_context():
        text, _reader = pdf_text(issue_for(invoice_language=language))
    for words in present:
        assert words in text
    for words in absent:
        assert words not in text


def test_purchase_order_and_issuer_details_come_from_configuration(make_app):
    app = make_app(INVOICE_ISSUER=ISSUER)
    with app.app_context():
        text, _reader = pdf_text(issue_for(po_reference="PO-4471", invoice_language="both"))
    assert "PO-4471" in text
    assert "Tŷ Llywodraeth Leol" in text and "GB 123 4567 89" in text
    assert "Cod didoli 12-34-56" in text and "Sort code 12-34-56" in text
    assert "DEMO" not in text and "ENGHRAIFFT" not in text


def test_issuer_file_under_instance_is_read(make_app, tmp_path, monkeypatch):
    path = tmp_path / "issuer.yml"
    path.write_text("name_en: Issuer in a file\nname_cy: Cyhoeddwr mewn ffeil\naddress: |\n  1 Heol y Bont\n"
                    "  Aberystwyth\nemail: cyllid@example.org\n", encoding="utf-8")
    monkeypatch.setenv("WSCN_INVOICE_ISSUER_FILE", str(path))
    app = make_app()
    with app.app_context():
        text, _reader = pdf_text(issue_for(invoice_language="cy"))
    assert "Cyhoeddwr mewn ffeil" in text and "Aberystwyth" in text and "ENGHRAIFFT" not in text


def test_make_run_marks_every_invoice_as_demo_data(app):
    with app.app_context():
        text, _reader = pdf_text(issue_for(invoice_language="both"))
    assert "ENGHRAIFFT: nid anfoneb go iawn" in text and "DEMO: not a real invoice" in text


def test_production_without_issuer_details_issues_nothing(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("WSCN_INVOICE_ISSUER_FILE", str(tmp_path / "missing.yml"))
    app = make_app(PRODUCTION=True, WORKERS=1)
    with app.app_context():
        org = member_with_fee()
        db.session.commit()
        with pytest.raises(Refused) as refused:
            invoice_membership(org.memberships[0])
        db.session.rollback()
        assert refused.value.reason == "issuer-not-configured"
        assert db.session.execute(sa.select(sa.func.count(Invoice.id))).scalar_one() == 0
        assert db.session.execute(sa.select(InvoiceCounter)).first() is None
        assert list(store().listing()) == []


def test_pdf_is_stored_only_when_the_invoice_commits(app):
    with app.app_context():
        org = member_with_fee()
        db.session.commit()
        invoice, _reason = invoice_membership(org.memberships[0])
        name = invoice.storage_name
        assert [found for found, _ in store().listing()] == [name]  # stored before the commit
        db.session.rollback()  # the approval failed: no row, no file, no number
        assert list(store().listing()) == []
        again, _reason = invoice_membership(org.memberships[0])
        assert again.number == invoice.number  # the number was given back: no gap
        db.session.commit()
        assert [found for found, _ in store().listing()] == [again.storage_name]
        import hashlib
        assert hashlib.sha256(b"".join(store().chunks(again.storage_name))).hexdigest() == again.sha256


@pytest.mark.parametrize("values, problem", [
    ({"name_en": "Issuer"}, "missing name_cy, address, email"),
    ({**ISSUER, "iban": "x"}, "unknown keys iban"),
    ({**ISSUER, "payment_days": "soon"}, "payment_days must be a whole number of days"),
    ("just a line", "expected a mapping of issuer details"),
])
def test_issuer_details_that_cannot_be_used_are_refused_with_what_is_wrong(values, problem):
    from wscn_site.membership.invoice_issuer import IssuerNotConfigured, from_mapping

    with pytest.raises(IssuerNotConfigured) as refused:
        from_mapping(values)
    assert refused.value.problem == problem
