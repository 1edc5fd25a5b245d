"""Template filters for money and fee bands, in the reader's language (through Babel)."""
from flask_babel import format_decimal, gettext as _


def money(amount):
    """Whole pounds: 7500 -> '£7,500'."""
    return "£" + format_decimal(amount, format="#,##0")


def millions(amount):
    """A budget in £ millions: 250 -> '£250 million' / '£250 miliwn'."""
    return _("£%(amount)s million", amount=format_decimal(amount, format="#,##0.##"))


def band_label(band):
    if band.lower is None:
        return _("Under %(limit)s", limit=millions(band.upper))
    if band.upper is None:
        return _("Over %(limit)s", limit=millions(band.lower))
    return _("%(lower)s to %(upper)s", lower=millions(band.lower), upper=millions(band.upper))


def init_app(app):
    app.add_template_filter(money)
    app.add_template_filter(millions)
    app.add_template_filter(band_label)
