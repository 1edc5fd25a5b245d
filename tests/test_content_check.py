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
