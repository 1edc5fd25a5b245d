"""An invoice or credit note as a PDF (fpdf2), in the organisation's language or bilingual, Welsh first.

fpdf2's built-in fonts (the PDF standard 14) have no ŵ or ŷ, so DejaVu Sans (fonts/, with its
licence) is embedded, subset to the letters used; fpdf2 writes a ToUnicode map, so the text can be
copied, searched and read aloud. Every word comes from the message catalogue (labels below) and
every date and sum from Babel in the language being written, so the PDF says what the site says.
"""
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from flask_babel import format_currency, format_date, gettext as _
from flask_babel import lazy_gettext as _l

from ..fees import FEE_BANDS
from ..formatting import band_label
from ..i18n import in_language


def _bold():
    from fpdf import FontFace

    return FontFace(emphasis="BOLD")


FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
MARGIN = 18

LABELS = {
    "invoice": _l("Invoice"),
    "credit": _l("Credit note"),
    "number": _l("Number"),
    "issued_on": _l("Date of issue"),
    "due_on": _l("Payment due by"),
    "year": _l("Membership year"),
    "band": _l("Fee band"),
    "po": _l("Purchase-order number"),
    "credits": _l("Cancels invoice"),
    "reason": _l("Reason"),
    "to": _l("To"),
    "vat": _l("VAT number"),
    "description": _l("Description"),
    "quantity": _l("Quantity"),
    "unit": _l("Unit price"),
    "amount": _l("Amount"),
    "total": _l("Total"),
    "how_to_pay": _l("How to pay"),
    "demo": _l("DEMO: not a real invoice. Do not pay."),
    "welsh_welcome": _l("We welcome correspondence in Welsh and in English. Writing to us in Welsh will not "
                        "lead to any delay."),
}


def _languages(language):
    return ("cy", "en") if language == "both" else (language,)


def _in(lang, text):
    with in_language(lang):
        return str(text)


def _money(pence, lang):
    with in_language(lang):
        return format_currency(Decimal(pence) / 100, "GBP")


def _date(day, lang):
    with in_language(lang):
        return format_date(day, "long")


def band_name(code):
    """A fee band's name in the current language ("£200 million to £400 million"), from its code."""
    band = next((band for band in FEE_BANDS if band.code == code), None)
    return band_label(band) if band else code


def year_label(year):
    """A financial year as invoices write it: 2026 -> "2026-27" (as in the number of its series)."""
    return f"{year}-{(year + 1) % 100:02d}" if year is not None else ""


def _band(code, lang):
    with in_language(lang):
        return band_name(code)


class InvoiceDocument:
    """Writes one document; ``languages`` is ("cy",), ("en",) or ("cy", "en") (Welsh first)."""

    def __init__(self, invoice, organisation, issuer, credited=None):
        self.invoice, self.organisation, self.issuer, self.credited = invoice, organisation, issuer, credited
        self.languages = _languages(invoice.language)
        from fpdf import FPDF  # here, not at import: fpdf2 and fontTools cost every start-up 0.25 s

        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_auto_page_break(True, MARGIN)
        self.pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.pdf.set_lang(self.languages[0])
        self.pdf.set_creation_date(invoice.issued_at)
        title = f"{self.both(LABELS[invoice.kind])} {invoice.number}"
        self.pdf.set_title(title)
        self.pdf.set_author(" / ".join(issuer.name(lang) for lang in self.languages))
        self.pdf.set_creator("Wales Safer Communities Network")

    def both(self, label, join=" / "):
        """A label in each language of the document, Welsh first."""
        return join.join(_in(lang, label) for lang in self.languages)

    def each(self, make, join=" / "):
        return join.join(make(lang) for lang in self.languages)

    def text(self, text, size=10, bold=False, height=5):
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def gap(self, height=4):
        self.pdf.ln(height)

    def render(self):
        self.pdf.add_page()
        self.header()
        self.details()
        self.addressee()
        self.lines()
        self.payment()
        self.gap(6)
        for lang in self.languages:
            self.text(_in(lang, LABELS["welsh_welcome"]), size=8, height=4)
        return bytes(self.pdf.output())

    def header(self):
        issuer = self.issuer
        for lang in self.languages:
            self.text(issuer.name(lang), size=11, bold=True)
        for line in issuer.address:
            self.text(line, size=9, height=4.5)
        self.text(issuer.email + (f" · {issuer.phone}" if issuer.phone else ""), size=9, height=4.5)
        if issuer.vat_number:
            self.text(f"{self.both(LABELS['vat'])}: {issuer.vat_number}", size=9, height=4.5)
        self.gap(6)
        self.text(self.both(LABELS[self.invoice.kind]).upper(), size=18, bold=True, height=9)
        if issuer.demo:
            self.pdf.set_text_color(170, 0, 0)
            for lang in self.languages:
                self.text(_in(lang, LABELS["demo"]), size=11, bold=True)
            self.pdf.set_text_color(0, 0, 0)
        self.gap(2)

    def details(self):
        invoice = self.invoice
        rows = [("number", invoice.number), ("issued_on", self.each(lambda lang: _date(invoice.issued_on, lang)))]
        if invoice.kind == "invoice" and self.due_on is not None:
            rows.append(("due_on", self.each(lambda lang: _date(self.due_on, lang))))
        if invoice.year is not None:
            rows.append(("year", year_label(invoice.year)))
        if invoice.band:
            rows.append(("band", self.each(lambda lang: _band(invoice.band, lang))))
        if invoice.po_reference:
            rows.append(("po", invoice.po_reference))
        if self.credited is not None:
            issued = self.each(lambda lang: _date(self.credited.issued_on, lang))
            rows.append(("credits", f"{self.credited.number} ({issued})"))
        if invoice.reason:
            rows.append(("reason", invoice.reason))
        self.pdf.set_font(FONT, "", 9)
        bold = _bold()
        with self.pdf.table(col_widths=(62, 112), first_row_as_headings=False, borders_layout="NONE",
                            line_height=5, text_align=("LEFT", "LEFT")) as table:
            for key, value in rows:
                row = table.row()
                row.cell(self.both(LABELS[key]), style=bold)
                row.cell(value)
        self.pdf.set_font(FONT, "", 10)
        self.gap(4)

    @property
    def due_on(self):
        return self.invoice.issued_on + timedelta(days=self.issuer.payment_days)

    def addressee(self):
        organisation = self.organisation
        self.text(self.both(LABELS["to"]), size=9, bold=True)
        names = [organisation.name(lang) for lang in self.languages]
        for name in dict.fromkeys(names):  # the same name once
            self.text(name, size=11)
        contact = ", ".join(part for part in (organisation.finance_name, organisation.finance_email) if part)
        if contact:
            self.text(contact, size=9)
        self.gap(5)

    def lines(self):
        invoice = self.invoice
        self.pdf.set_font(FONT, "", 9)
        with self.pdf.table(col_widths=(94, 20, 30, 30), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
                            line_height=5.5) as table:
            heading = table.row()
            for key in ("description", "quantity", "unit", "amount"):
                heading.cell(self.both(LABELS[key], join="\n"))
            for line in invoice.lines:
                row = table.row()
                descriptions = {"cy": line.description_cy, "en": line.description_en}
                row.cell("\n".join(descriptions[lang] for lang in self.languages))
                row.cell(str(line.quantity))
                row.cell(_money(line.unit_pence, self.languages[0]))
                row.cell(_money(line.amount_pence, self.languages[0]))
            total = table.row(style=_bold())
            total.cell(self.both(LABELS["total"]), colspan=3)
            total.cell(_money(invoice.amount_pence, self.languages[0]))
        self.gap(5)

    def payment(self):
        invoice, issuer = self.invoice, self.issuer
        if invoice.kind == "credit":
            for lang in self.languages:
                with in_language(lang):
                    self.text(_("This credit note cancels invoice %(number)s: nothing is owed on that invoice.",
                                number=self.credited.number if self.credited else ""))
            return
        self.text(self.both(LABELS["how_to_pay"]), size=10, bold=True)
        for lang in self.languages:
            with in_language(lang):
                self.text(_("Please pay within %(days)s days, by %(date)s, quoting the invoice number %(number)s.",
                            days=issuer.payment_days, date=_date(self.due_on, lang), number=invoice.number), size=9)
            for line in issuer.payment(lang):
                self.text(line, size=9, height=4.5)
            self.gap(2)


def render(invoice, organisation, issuer, credited=None):
    """The PDF's bytes for ``invoice`` (flushed, numbered) of ``organisation``; ``credited`` is the
    invoice a credit note cancels."""
    return InvoiceDocument(invoice, organisation, issuer, credited).render()
