"""Shared steps for the membership application tests: filling in the public form, as a visitor would."""
import sqlalchemy as sa

from factories import csrf_token
from wscn_site.extensions import db

APPLY = {"en": "/en/membership/apply", "cy": "/cy/aelodaeth/ymgeisio"}


def application_data(**overrides):
    data = {
        "name_cy": "Cyngor Sir Ynys Môn", "name_en": "Isle of Anglesey County Council", "kind": "local-authority",
        "budget": "£250m", "lead_name": "Siân Ŵyn", "lead_role": "Community safety manager",
        "lead_email": "sian.wyn@ynysmon.example", "lead_language": "cy", "finance_name": "Gwyn Jones",
        "finance_email": "cyllid@ynysmon.example", "po_reference": "", "invoice_language": "both", "consent": "y",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def apply(client, lang="en", **overrides):
    token = csrf_token(client.get(APPLY[lang]).text)
    return client.post(APPLY[lang], data={**application_data(**overrides), "csrf_token": token})


def rows(app, model, *conditions):
    with app.app_context():
        found = db.session.execute(sa.select(model).where(*conditions).order_by(model.id)).scalars().all()
        for row in found:
            db.session.expunge(row)
        return found
