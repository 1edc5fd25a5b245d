"""The Welsh catalogue is complete and its plural forms follow CLDR's six categories."""
import gettext
from pathlib import Path

from babel.messages.pofile import read_po
from flask_babel import force_locale

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def test_every_message_is_translated_and_none_is_fuzzy():
    with (TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="cy")
    messages = [m for m in catalog if m.id]
    assert messages
    untranslated = [m.id for m in messages if not m.string or (isinstance(m.string, tuple) and not all(m.string))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_welsh_plural_forms_give_six_categories():
    with (TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    forms = {n: translations.plural(n) for n in (0, 1, 2, 3, 6, 7)}
    assert forms == {0: 0, 1: 1, 2: 2, 3: 3, 6: 4, 7: 5}


def test_the_app_reads_the_welsh_catalogue(app):
    with app.test_request_context("/cy/"):
        with force_locale("cy"):
            from flask_babel import gettext

            assert gettext("Skip to main content") == "Neidio i'r prif gynnwys"
