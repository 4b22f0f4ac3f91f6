"""Every fixture config under tests/fixtures gives exactly the diagnostics in its .expected file."""
from __future__ import annotations

import os

import pytest

from fixturelib import FIXTURES, fixture_files, run_fixture


@pytest.mark.parametrize("config", fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(config):
    expected_file = config.with_suffix(".expected")
    actual = run_fixture(config)
    if os.environ.get("OCLC_UPDATE_FIXTURES"):
        expected_file.write_text("".join(line + "\n" for line in actual))
    assert expected_file.exists(), f"{expected_file} is missing (OCLC_UPDATE_FIXTURES=1 writes it)"
    assert actual == expected_file.read_text().splitlines()
