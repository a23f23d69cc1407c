"""The account flows that belong to the core's auth.

``register``     sign-up and the mailed confirmation of the address
``password``     forgotten password: a mailed link to choose a new one
``login_link``   optional password-less login by a mailed link
``stale``        what a stale link shows, and mailing a fresh one
``common``       what they share: settings, fields, the mail throttle, mails

Every link is a one-time token from :mod:`cc_core.tokens`.  Opening a link
(``GET``) never uses it up, because mail scanners open links too; the page
it shows has a button that does.
"""
