"""The management pages' translation domain."""
from cc_core import api

_ = api.TranslationStringFactory("cc_faq_manage")
