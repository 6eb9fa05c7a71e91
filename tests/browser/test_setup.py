"""The browser tests cannot pass silently in CI: a missing browser is a failure there."""

from __future__ import annotations

import pytest

from .conftest import unavailable


def test_missing_browser_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        unavailable("Chromium is not installed at /nowhere")


def test_missing_browser_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="browser tests cannot run in CI: Chromium is not installed"):
        unavailable("Chromium is not installed at /nowhere")
