"""The plugin's translation domain."""
from cc_core import api

_ = api.TranslationStringFactory("cc_example_crm_view")
