"""The password policy: length, common passwords, repetition, personal data."""
import pytest

from cc_core.password_policy import PasswordPolicy, common_passwords

policy = PasswordPolicy()


def reason(password, email="dana.demo@example.com", name="Dana Demo"):
    # A TranslationString, equal to its msgid, which names the rule broken.
    return policy.problem(password, email, name)


@pytest.mark.parametrize("password", [
    "correct horse battery staple", "tr0ub4dor&3-xyz", "Hagen-kaffe-2031", "ærlig-blåbær-skog",
    "sommerfugl-på-taket",
])
def test_good_passwords_pass(password):
    assert reason(password) is None


def test_too_short():
    assert reason("x7#kQ2p") == "password-too-short"
    assert reason("x7#kQ2p").mapping == {"min": 10}


def test_the_minimum_length_is_a_setting():
    strict = PasswordPolicy.from_settings({"cc.password.min_length": "16"})
    assert strict.problem("abcdefgh-12345") == "password-too-short"
    assert strict.problem("abcdefgh-12345-xyzw") is None


def test_too_long():
    assert reason("ab" * 600) == "password-too-long"


@pytest.mark.parametrize("password", ["1234567890", "qwertyuiop", "Password123", "PASSWORD1234",
                                      "sunshine2024!", "2025sommer", "Passord123", "iloveyou!!!!"])
def test_common_passwords_are_refused(password):
    assert reason(password) == "password-common"


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababab", "1111111111"])
def test_repetitive_passwords_are_refused(password):
    assert reason(password) == "password-repetitive"


@pytest.mark.parametrize("password", ["dana.demo@example.com", "DanaDemo2024", "dana.demo!!!", "demodana12",
                                      "Dana Demo 1"])
def test_own_name_or_address_is_refused(password):
    assert reason(password) == "password-personal"


def test_a_name_inside_a_long_password_is_fine():
    assert reason("dana likes long walks at night") is None


def test_the_shipped_list_is_loaded():
    listed = common_passwords()
    assert len(listed) > 400 and "password" in listed and "passord123" in listed
    assert all(p == p.lower() and not p.startswith("#") for p in listed)
