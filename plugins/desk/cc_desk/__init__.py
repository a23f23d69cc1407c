"""Customer Centre support desk: the staff side of the portal.

Staff work the request queue, answer customers, keep internal notes,
manage customers and publish good answers to the FAQ.  Each part is a
small subpackage with its own ``includeme``; every route they add uses
:class:`cc_desk.access.DeskContext`, which answers 404 to anyone who is
not staff.
"""


def includeme(config):
    config.add_translation_dirs("cc_desk:locale/")
    config.add_static_view("desk-static", "cc_desk:static/", cache_max_age=3600)
    config.include(".layout")        # desk menu and macros for desk templates
    config.include(".queue")         # /desk: every request, filtered and paged
    config.include(".request_page")  # /desk/requests/{id}: thread, answers, notes, changes
    config.include(".customers")     # persons and companies
    config.include(".failed_mail")   # mail refused or out of retries, and a button to resend
