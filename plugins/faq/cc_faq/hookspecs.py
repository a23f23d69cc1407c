"""Hooks the FAQ plugin offers to other plugins.

Implement them with ``@api.hookimpl(optionalhook=True)`` so your plugin
still loads where the FAQ plugin is not installed.
"""
import pluggy

hookspec = pluggy.HookspecMarker("cc")


@hookspec
def cc_faq_on_vote(request, article, helpful, change):
    """Notify that a visitor answered "was this helpful?" on an article.

    Called inside the request's transaction, after the vote is stored.
    ``article`` is the ``Article`` (``id``, ``question``, ``helpful_yes``,
    ``helpful_no`` ...), ``helpful`` a bool, ``change`` is ``"new"`` for a
    first vote and ``"changed"`` when the voter changed their mind (a vote
    repeated unchanged notifies nobody).  The return value is ignored.
    """


@hookspec
def cc_faq_on_search_miss(request, text):
    """Notify that a search found nothing, to learn what the FAQ lacks.

    Called for a search page (or the API's first page of a search) whose
    query (``text``, as typed, at most 500 characters) has searchable
    words but gave no article the viewer may see.  Not called for the requests plugin's suggestions, which are
    asked for while a title is still being typed.  The return value is
    ignored.
    """
