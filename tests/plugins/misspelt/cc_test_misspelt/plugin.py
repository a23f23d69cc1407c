"""Implements ``cc_navigaton`` (sic): start-up must refuse it by name."""
from cc_core import api


@api.hookimpl
def cc_navigaton(request):
    return []
