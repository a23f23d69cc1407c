"""Fails to import, as a plugin with a missing dependency would."""
import cc_test_no_such_dependency  # noqa: F401
