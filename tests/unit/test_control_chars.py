"""The one rule for control characters, and file names cut before their extension."""
import pytest

from cc_core.control_chars import has_control, without_controls
from cc_core.forms import MAX_FILENAME, safe_filename


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[2J", "\x7f", "next\x85line", "\x9f", "tab\there", "a\nb"])
def test_one_line_text_refuses_every_control_character(text):
    assert has_control(text)


@pytest.mark.parametrize("text", ["line\r\n\tline", "blåbærsyltetøy", "日本語", "emoji 🎉", "\u00a0nbsp"])
def test_multi_line_text_keeps_tab_and_line_breaks_and_every_letter(text):
    assert not has_control(text, multiline=True)


@pytest.mark.parametrize("text", ["a\x00b", "\x1b", "\x85", "\x0b", "\x0c"])
def test_multi_line_text_refuses_the_other_controls(text):
    assert has_control(text, multiline=True)


def test_without_controls_keeps_what_multi_line_text_may_hold():
    assert without_controls("a\x00b\tc\r\nd\x1b\x85") == "ab\tc\r\nd"


@pytest.mark.parametrize("name, extension", [("x" * 300 + ".txt", ".txt"), ("y" * 250 + ".tar.gz", ".tar.gz"),
                                             ("z" * 201 + ".docx", ".docx"), ("å" * 400, "")])
def test_a_long_file_name_is_cut_before_its_extension(name, extension):
    cut = safe_filename(name)
    assert len(cut) == MAX_FILENAME and cut.endswith(extension) and cut[0] == name[0]


def test_a_short_file_name_is_kept():
    assert safe_filename("../../etc/passwd\x00.txt") == "passwd.txt"
