"""The attachment rule: what is refused by content, the type a file is labelled and served with."""
import io
import time

import pytest

from cc_core import file_safety


@pytest.mark.parametrize("name, content", [
    ("gateway.log", b"12:00 ERROR onboarding=failed\n"),
    ("page.html", b"<!doctype html><title>Saved</title><p>No script here, only words like only=1, online = yes.</p>"),
    ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'),
    ("config.xml", b'<?xml version="1.0"?><settings><online>true</online></settings>'),
    ("notes.txt", b"MZ is the name of our warehouse; javascript: not in a page, fine"),
    ("report.pdf", b"%PDF-1.7 MZ\x90\x00 inside, not at the start"),
])
def test_ordinary_files_pass(name, content):
    assert file_safety.dangerous(name, io.BytesIO(content)) is None


@pytest.mark.parametrize("name, content, kind", [
    ("x.bin", b"\x7fELF\x02\x01", file_safety.PROGRAM),
    ("macro.vbs", b"MsgBox 1", file_safety.PROGRAM),
    ("SETUP.EXE", b"not even a real program", file_safety.PROGRAM),
    ("a.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><body onload="x()"/></html>', file_safety.SCRIPT),
    ("a.svg", b'<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', file_safety.SCRIPT),
    ("a.svg", b"<svg><foreignObject><p>x</p></foreignObject></svg>", file_safety.SCRIPT),
])
def test_programs_and_markup_with_script_are_refused(name, content, kind):
    assert file_safety.dangerous(name, io.BytesIO(content)) == kind


def test_the_file_is_left_at_its_start():
    fileobj = io.BytesIO(b"<svg><rect/></svg>")
    file_safety.dangerous("a.svg", fileobj)
    assert fileobj.tell() == 0


def test_a_hostile_file_is_checked_quickly():
    # Unclosed tags and endless attributes must not make the check slow.
    for content in (b"<" * (1 << 20), b"<svg " + b"a" * (1 << 20), b"<svg " + b" o" * (1 << 19)):
        started = time.perf_counter()
        file_safety.dangerous("a.svg", io.BytesIO(content))
        assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("name, expected", [
    ("gateway.log", "text/plain"), ("gateway.log.3", "text/plain"), ("session.har", "application/json"),
    ("IMG_0001.HEIC", "image/heic"), ("clip.mp4", "video/mp4"), ("logs.tar.gz", "application/x-tar"), ("trace.gz", "application/gzip"),
    ("no-extension", "application/octet-stream"),
])
def test_the_type_comes_from_the_name(name, expected):
    assert file_safety.content_type(name) == expected


@pytest.mark.parametrize("stored, served", [
    ("image/png", "image/png"), ("text/plain", "text/plain"), ("text/html", "application/octet-stream"),
    ("image/svg+xml", "application/octet-stream"), ("application/xml", "application/octet-stream"),
    ("", "application/octet-stream"),
])
def test_a_download_never_goes_out_as_a_page(stored, served):
    assert file_safety.served_type(stored) == served
