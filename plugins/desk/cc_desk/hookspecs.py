"""Hooks the desk offers to other plugins.

Other plugins implement them with ``@api.hookimpl(optionalhook=True)``, so
they keep working where the desk is not installed, and the desk keeps
working where nobody implements them.
"""
from cc_core import api


@api.hookspec
def cc_desk_navigation(request):
    """Return a list of :class:`cc_core.api.NavItem` for the desk's own menu.

    Called on every desk page, for staff only.  The desk shows its own
    items (queue ``order=10``, customers ``20``, companies ``30``) and merges
    these by ``order``; give ``match_prefix`` so the item is marked as the
    current page on the pages below it.
    """


@api.hookspec(firstresult=True)
def cc_desk_publish_to_faq(request, title, body, source_request_id):
    """Turn a question and its answer into a draft FAQ article.

    Called when an agent publishes a request to the FAQ from the request
    page.  ``title`` is the suggested question, ``body`` the suggested
    answer (Markdown, written by the agent), ``source_request_id`` the id of
    the request they come from.  Create the article as a draft that only
    staff can see, and return the URL where staff edit it; the desk sends
    the agent there.  Return ``None`` to let another implementation do it.
    When no plugin implements the hook, the desk does not offer publishing.
    """
