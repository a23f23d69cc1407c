"""The catalogues: the template lists every message and Norwegian translates each, keeping placeholders."""
from pathlib import Path

import pytest

import cc_desk
from cc_core.testing import catalogue_problems

pytestmark = pytest.mark.cc_plugins("desk", "requests")
PACKAGE = Path(cc_desk.__file__).resolve().parent


def test_the_catalogues_are_current_and_complete():
    assert catalogue_problems(PACKAGE, "cc_desk") == []
