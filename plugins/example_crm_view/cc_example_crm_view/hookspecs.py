"""Hooks the example CRM view offers to other plugins.

Implement them with ``@api.hookimpl(optionalhook=True)`` so your plugin
still loads in a portal without this one.
"""
from cc_core import api


@api.hookspec
def cc_example_crm_view_on_company_changed(request, company, changes):
    """Notify that a manager saved changes to the company's details.

    Called inside the saving request's transaction, right after the new
    values and the history entry are written and before the redirect.
    ``company`` is the saved :class:`cc_example_crm_view.datasource.CompanyDetails`
    (with its new ``version``), ``changes`` a tuple of
    :class:`~cc_example_crm_view.datasource.FieldChange` (``field``,
    ``old``, ``new``).  The return value is ignored.

    An integration that pushes the change back to a CRM should do so once
    the transaction has committed (``transaction.get().addAfterCommitHook``),
    so a rolled-back save is never sent.  Raising here rolls the save back.
    """
