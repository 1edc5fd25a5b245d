"""Template filters for money, fee bands, dates and times, in the reader's language (through Babel)."""
from decimal import Decimal

from flask_babel import format_currency, format_date, format_decimal, format_time, gettext as _


def money(amount):
    """Whole pounds: 7500 -> '£7,500'."""
    return "£" + format_decimal(amount, format="#,##0")


def pence(amount):
    """A sum kept in pence, with its pence: 750000 -> '£7,500.00', -750000 -> '-£7,500.00'."""
    return format_currency(Decimal(amount) / 100, "GBP")


def millions(amount):
    """A budget in £ millions: 250 -> '£250 million' / '£250 miliwn'."""
    return _("£%(amount)s million", amount=format_decimal(amount, format="#,##0.##"))


def band_label(band):
    if band.lower is None:
        return _("Under %(limit)s", limit=millions(band.upper))
    if band.upper is None:
        return _("Over %(limit)s", limit=millions(band.lower))
    return _("%(lower)s to %(upper)s", lower=millions(band.lower), upper=millions(band.upper))


def filesize(size):
    """Bytes for people: '120 KB', '4.5 MB'."""
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(max(1, round(size / 1024))))
    return _("%(size)s MB", size=format_decimal(round(size / (1024 * 1024), 1)))


def long_date(value):
    """'25 November 2026' / '25 Tachwedd 2026', in the site's time zone."""
    return format_date(value, "long") if value else ""


def clock(value):
    """'14:30', in the site's time zone."""
    return format_time(value, "short") if value else ""


def init_app(app):
    app.add_template_filter(filesize)
    app.add_template_filter(long_date)
    app.add_template_filter(money)
    app.add_template_filter(pence)
    app.add_template_filter(millions)
    app.add_template_filter(band_label)
    app.add_template_global(clock)
