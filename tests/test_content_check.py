"""`flask content check` passes on the real content and catches each fault on a copy."""
import shutil
from pathlib import Path

import pytest

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def check(runner, folder):
    return runner.invoke(args=["content", "check", "--dir", str(folder)])


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_content_is_sound(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "Content is sound." in result.output


def test_an_untouched_copy_is_sound(runner, copy):
    assert check(runner, copy).exit_code == 0


def test_page_missing_in_one_language(runner, copy):
    (copy / "cy" / "events.md").unlink()
    result = check(runner, copy)
    assert result.exit_code == 1
    assert "en/events.md: no cy/events.md counterpart" in result.output


def test_missing_front_matter_field(runner, copy):
    edit(copy / "en" / "contact.md", "\ndescription:", "\nsummary:")
    result = check(runner, copy)
    assert result.exit_code == 1
    assert "en/contact.md: missing front-matter field 'description'" in result.output


def test_welsh_page_without_review_status(runner, copy):
    edit(copy / "cy" / "contact.md", "\nreview:", "\nreviewed_by:")
    result = check(runner, copy)
    assert "cy/contact.md: missing front-matter field 'review'" in result.output


def test_no_front_matter_at_all(runner, copy):
    (copy / "en" / "extra.md").write_text("Just text\n", encoding="utf-8")
    result = check(runner, copy)
    assert result.exit_code == 1 and "no front matter block" in result.output


def test_broken_internal_link(runner, copy):
    with (copy / "en" / "about.md").open("a", encoding="utf-8") as handle:
        handle.write("\nSee [our plans](/en/no-such-page).\n")
    result = check(runner, copy)
    assert result.exit_code == 1
    assert "en/about.md: broken link to /en/no-such-page" in result.output


def test_link_to_a_missing_heading(runner, copy):
    with (copy / "en" / "about.md").open("a", encoding="utf-8") as handle:
        handle.write("\nSee [fees](/en/membership#no-such-heading).\n")
    result = check(runner, copy)
    assert "names a heading that does not exist" in result.output


def test_links_to_application_routes_are_not_broken(runner, copy):
    with (copy / "cy" / "about.md").open("a", encoding="utf-8") as handle:
        handle.write("\nGweler y [map o'r wefan](/sitemap.xml) a'r [hafan](/cy/).\n")
    assert check(runner, copy).exit_code == 0


def test_english_changed_after_the_welsh_was_written(runner, copy):
    with (copy / "en" / "events.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA new sentence in English only.\n")
    result = check(runner, copy)
    assert result.exit_code == 1
    assert "cy/events.md: written from an older en/events.md" in result.output


def test_unknown_component(runner, copy):
    with (copy / "en" / "contact.md").open("a", encoding="utf-8") as handle:
        handle.write("\n<!-- component: weather-widget -->\n")
    assert "unknown component 'weather-widget'" in check(runner, copy).output


def test_two_pages_with_one_slug(runner, copy):
    edit(copy / "en" / "events.md", "slug: events", "slug: contact")
    assert "slug 'contact' is already used by" in check(runner, copy).output


def test_stamp_records_the_current_english(make_app, copy):
    app = make_app(CONTENT_DIR=copy)
    runner = app.test_cli_runner()
    with (copy / "en" / "events.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA new sentence.\n")
    assert check(runner, copy).exit_code == 1
    result = runner.invoke(args=["content", "stamp", "events"])
    assert result.exit_code == 0, result.output
    assert check(runner, copy).exit_code == 0


# --- The glossary (translations/glossary.yml) ------------------------------------------------

CATALOGUE = CONTENT.parent / "translations" / "cy" / "LC_MESSAGES" / "messages.po"


@pytest.fixture
def catalogue(tmp_path):
    target = tmp_path / "messages.po"
    shutil.copyfile(CATALOGUE, target)
    return target


def terms(runner, folder=CONTENT, po=CATALOGUE):
    return runner.invoke(args=["content", "terms", "--dir", str(folder), "--catalogue", str(po)])


def test_the_real_pages_and_catalogue_keep_to_the_glossary(runner):
    result = runner.invoke(args=["content", "terms"])
    assert result.exit_code == 0, result.output
    assert "The Welsh keeps to the glossary." in result.output


def test_a_forbidden_variant_on_a_welsh_page_fails_the_check(runner, copy):
    edit(copy / "cy" / "membership.md", "- papurau briffio ar gyllid", "- briffiadau ar gyllid")
    result = check(runner, copy)
    assert result.exit_code == 1
    assert "cy/membership.md:44: uses 'briffiadau' for 'briefings'" in result.output


def test_a_mutated_forbidden_variant_on_a_welsh_page_is_found(runner, copy):
    # "diogelwch y gymuned" is forbidden for "community safety"; here it is soft-mutated after "ar".
    edit(copy / "cy" / "ways-of-working.md", "gydweithio ar ddiogelwch cymunedol", "gydweithio ar ddiogelwch y gymuned")
    result = terms(runner, copy)
    assert result.exit_code == 1
    assert "cy/ways-of-working.md:38: uses 'ddiogelwch y gymuned' for 'Community Safety'" in result.output


def test_a_variant_counts_only_where_its_own_english_paragraph_uses_the_term(runner, copy):
    # The membership page says "briefings" in other paragraphs, but not in this one.
    edit(copy / "cy" / "membership.md", "- cymorth gyda dogfennau,", "- cymorth gyda briffiadau a dogfennau,")
    assert terms(runner, copy).exit_code == 0


def test_a_welsh_paragraph_without_an_english_counterpart_does_not_misalign_the_page(runner, copy):
    with (copy / "cy" / "about.md").open("a", encoding="utf-8") as handle:
        handle.write("\nParagraff ychwanegol yn Gymraeg yn unig.\n")
    edit(copy / "cy" / "about.md", "ymddygiad gwrthgymdeithasol,", "ymddygiad gwrthgymdeithasol (ASB),")
    result = terms(runner, copy)
    assert result.exit_code == 1
    assert result.output.count("cy/about.md") == 1 and "uses 'ASB' for 'anti-social behaviour'" in result.output


def test_a_page_can_mark_a_deliberate_exception_in_its_front_matter(runner, copy):
    assert terms(runner, copy).exit_code == 0  # partner-networks.md allows "ASB Practitioners Network"
    edit(copy / "cy" / "partner-networks.md", "terms_allow: [ASB Practitioners Network]\n", "")
    result = terms(runner, copy)
    assert "cy/partner-networks.md:38: uses 'ASB'" in result.output


def test_a_forbidden_variant_in_the_catalogue_fails_the_check_with_its_msgid(runner, catalogue):
    # "blwyddyn gyllidol" is forbidden for "financial year"; planted soft-mutated, after "y".
    edit(catalogue, "y flwyddyn ariannol yn dechrau, er enghraifft 2026",
         "y flwyddyn gyllidol yn dechrau, er enghraifft 2026")
    result = terms(runner, po=catalogue)
    assert result.exit_code == 1
    msgid = "Enter the year the financial year starts, for example 2026"
    assert f"msgid \"{msgid}\": uses 'flwyddyn gyllidol'" in result.output
    assert f"{catalogue}:" in result.output


def test_one_welsh_rendering_can_be_right_for_one_msgid_and_wrong_for_another(runner, catalogue):
    edit(catalogue, 'msgid "Lapsed"\nmsgstr "Wedi darfod"', 'msgid "Lapsed"\nmsgstr "Wedi dod i ben"')
    result = terms(runner, po=catalogue)
    assert result.exit_code == 1
    assert 'msgid "Lapsed": uses \'Wedi dod i ben\'' in result.output
    assert 'msgid "Expired"' not in result.output


def test_curly_apostrophes_in_the_catalogue_are_reported(runner, catalogue):
    edit(catalogue, "Rhowch ddyddiad dod i ben sy'n ddyddiad", "Rhowch ddyddiad dod i ben sy’n ddyddiad")
    assert "curly apostrophe" in terms(runner, po=catalogue).output


def test_numbers_in_plural_messages_are_digits(runner, catalogue):
    edit(catalogue, 'msgstr[2] "Y newidiadau diweddaraf (%(num)d)', 'msgstr[2] "Y ddau newid diweddaraf (%(num)d)')
    assert "uses 'ddau' for '%(num)d'" in terms(runner, po=catalogue).output


def test_content_check_runs_the_glossary_check(runner, copy):
    edit(copy / "cy" / "welsh-language.md", "Mae negeseuon e-bost o borth yr aelodau", "Mae e-byst o borth yr aelodau")
    result = check(runner, copy)
    assert result.exit_code == 1 and "cy/welsh-language.md:32: uses 'e-byst' for 'Emails'" in result.output
