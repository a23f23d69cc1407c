"""The portal under test knows both provider processes (``corp`` and ``partner``)."""
import pytest


@pytest.fixture
def cc_settings(cc_settings, oidc_settings, request):
    """The run's settings, the providers' and a test's ``oidc`` marker overrides on top."""
    marker = request.node.get_closest_marker("oidc")
    overrides = marker.kwargs if marker else {}
    return {**cc_settings, **oidc_settings(**overrides)}


def pytest_configure(config):
    config.addinivalue_line("markers", "oidc(corp=..., partner=..., **portal): provider settings for the test")
