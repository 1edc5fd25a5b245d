"""Who issues the invoices: name, postal address, contact, VAT number and how to pay.

The seed gives none of these, so they are configuration, read when an invoice is issued:

1. ``app.config["INVOICE_ISSUER"]``, a dict (tests, or an instance ``config.py``);
2. else a YAML file: ``WSCN_INVOICE_ISSUER_FILE``, or ``instance/invoice_issuer.yml`` (git-ignored
   like the rest of ``instance/``), with the keys of ``Issuer`` (docs/deploy.md shows one);
3. else, outside production, clearly marked demo values (``make run``): every PDF then says
   "DEMO" in both languages and names no real account;
4. else (production) no invoice is issued: ``IssuerNotConfigured``, a ``Refused`` that rolls the
   whole change back (an approval is not half-made).
"""
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask import current_app

from ..audit import Refused

REQUIRED = ("name_en", "name_cy", "address", "email")
ISSUER_NOT_CONFIGURED = "issuer-not-configured"


class IssuerNotConfigured(Refused):
    """Production has no issuer details: invoices cannot be issued until they are configured."""

    def __init__(self, problem):
        super().__init__(ISSUER_NOT_CONFIGURED)
        self.problem = problem

    def __str__(self):
        return f"invoice issuer not configured: {self.problem}"


@dataclass(frozen=True)
class Issuer:
    name_en: str
    name_cy: str
    address: tuple  # lines of the postal address (the same in both languages)
    email: str
    phone: str = ""
    vat_number: str = ""
    #: How to pay (bank, sort code, account, remittance address), one line each, per language.
    payment_en: tuple = ()
    payment_cy: tuple = ()
    payment_days: int = 30
    demo: bool = field(default=False)

    def name(self, lang):
        return self.name_cy if lang == "cy" else self.name_en

    def payment(self, lang):
        return self.payment_cy if lang == "cy" else self.payment_en


DEMO = Issuer(
    name_en="Wales Safer Communities Network (DEMO: not a real invoice)",
    name_cy="Rhwydwaith Cymunedau Mwy Diogel Cymru (ENGHRAIFFT: nid anfoneb go iawn)",
    address=("DEMO ADDRESS / CYFEIRIAD ENGHREIFFTIOL", "1 Demo Street / 1 Stryd Enghreifftiol",
             "Caerdydd / Cardiff", "CF00 0AA"),
    email="SaferCommunities@wlga.gov.uk",
    vat_number="DEMO 000 0000 00",
    payment_en=("DEMO bank details: do not pay", "Sort code 00-00-00, account 00000000"),
    payment_cy=("Manylion banc ENGHREIFFTIOL: peidiwch â thalu", "Cod didoli 00-00-00, cyfrif 00000000"),
    demo=True,
)


def _lines(value):
    if isinstance(value, str):
        return tuple(line.strip() for line in value.splitlines() if line.strip())
    return tuple(str(line).strip() for line in (value or ()) if str(line).strip())


def from_mapping(values):
    """An Issuer from configured values; IssuerNotConfigured says which are missing or wrong."""
    if not isinstance(values, dict):
        raise IssuerNotConfigured("expected a mapping of issuer details")
    missing = [key for key in REQUIRED if not values.get(key)]
    if missing:
        raise IssuerNotConfigured("missing " + ", ".join(missing))
    unknown = set(values) - (set(Issuer.__dataclass_fields__) - {"demo"})
    if unknown:
        raise IssuerNotConfigured("unknown keys " + ", ".join(sorted(unknown)))
    try:
        days = int(values.get("payment_days", 30))
    except (TypeError, ValueError):
        raise IssuerNotConfigured("payment_days must be a whole number of days") from None
    return Issuer(
        name_en=str(values["name_en"]).strip(), name_cy=str(values["name_cy"]).strip(),
        address=_lines(values["address"]), email=str(values["email"]).strip(),
        phone=str(values.get("phone") or "").strip(), vat_number=str(values.get("vat_number") or "").strip(),
        payment_en=_lines(values.get("payment_en")), payment_cy=_lines(values.get("payment_cy")),
        payment_days=days,
    )


def _issuer_file():
    configured = os.environ.get("WSCN_INVOICE_ISSUER_FILE")
    return Path(configured) if configured else Path(current_app.instance_path) / "invoice_issuer.yml"


def issuer():
    """The issuer's details for the next invoice (IssuerNotConfigured in production when there are none)."""
    configured = current_app.config.get("INVOICE_ISSUER")
    if configured is not None:
        return from_mapping(configured)
    path = _issuer_file()
    if path.is_file():
        try:
            return from_mapping(yaml.safe_load(path.read_text(encoding="utf-8")))
        except yaml.YAMLError as error:
            raise IssuerNotConfigured(f"{path} is not valid YAML: {error}") from None
    if current_app.config["PRODUCTION"]:
        raise IssuerNotConfigured(f"set INVOICE_ISSUER or write {path}")
    return DEMO
