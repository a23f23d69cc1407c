"""What a person reads when single sign-on cannot sign them in.

Each failure has one message id; the page never says more than the person
can act on (an attacker learns nothing from it), and the log line beside
it names the check that failed, never a token.
"""
from .i18n import _

TITLE = _("Single sign-on did not work")

MESSAGES = {
    "state": _("oidc-state", default="This sign-in was not started in this browser, has expired or was already "
                                     "used. Start it again from the login page."),
    "denied": _("oidc-denied", default="The identity provider did not sign you in. Start again from the "
                                       "login page if you want to try once more."),
    "token": _("oidc-token", default="The identity provider's answer could not be verified, so you were not "
                                     "signed in. Start again from the login page; if it happens again, tell us."),
    "unavailable": _("oidc-unavailable", default="The identity provider did not answer in time or answered "
                                                 "with an error. Try again in a few minutes, or log in with "
                                                 "your password if you have one."),
    "unverified": _("oidc-unverified", default="Your identity provider has not confirmed your e-mail address, "
                                               "so we cannot tell which account is yours. Ask your IT "
                                               "department to verify it, or log in with your password."),
    "unknown": _("oidc-unknown", default="There is no account here for the address your identity provider "
                                         "gave us. Ask your company's contact to add you."),
    "inactive": _("oidc-inactive", default="This account is closed. Ask your company's contact if you "
                                           "think it should not be."),
    "other-provider": _("oidc-other-provider", default="Your e-mail address belongs to another organisation's "
                                                       "sign-in. Use that button on the login page."),
}
