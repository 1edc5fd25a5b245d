"""Demo membership applications for ``make run``: a council that applied in Welsh, waiting for a
decision, and a third-sector organisation (no fee band: staff set its fee), so the staff queue has
something to approve. Names say "(demo)" / "(enghraifft)" like the other demo data."""
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from .. import clock
from ..extensions import db
from ..membership.apply_rules import band_and_fee, covered_years
from ..models import MembershipApplication

APPLICATIONS = [
    dict(language="cy", name_cy="Cyngor Sir Enghreifftiol y Gogledd (enghraifft)",
         name_en="Example North County Council (demo)", kind="local-authority", budget=Decimal("310"),
         lead_name="Gwenllïan ap Dafydd", lead_role="Rheolwr Diogelwch Cymunedol",
         lead_email="gwenllian@gogledd.example", lead_language="cy", finance_name="Tîm Cyllid",
         finance_email="cyllid@gogledd.example", po_reference="", invoice_language="cy", days_ago=2),
    dict(language="en", name_cy="", name_en="Example Community Safety Charity (demo)", kind="third-sector",
         budget=None, lead_name="Rhys Evans", lead_role="Director", lead_email="rhys@charity.example",
         lead_language="en", finance_name="", finance_email="", po_reference="", invoice_language="en", days_ago=5),
]


def load_applications():
    """Add the demo applications once (the first one's lead email marks them as loaded)."""
    loaded = db.session.execute(sa.select(MembershipApplication.id).where(
        MembershipApplication.lead_email == APPLICATIONS[0]["lead_email"])).first()
    if loaded:
        return
    for values in APPLICATIONS:
        values = dict(values)
        received = clock.now() - timedelta(days=values.pop("days_ago"))
        band, fee = band_and_fee(values["kind"], values["budget"])
        db.session.add(MembershipApplication(**values, band=band, fee_pence=fee, status="pending",
                                             created_at=received, updated_at=received, consent_at=received,
                                             first_year=covered_years(received.astimezone(clock.LONDON).date())[0]))
    db.session.commit()
