"""The plugin's translation domain."""
from cc_core import api

_ = api.TranslationStringFactory("cc_oidc")
