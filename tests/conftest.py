"""The core's tests use the fixtures of cc_core.testing (a pytest11 plugin)."""
