"""`oclc upgrade` means what the channel plugins' own doctor contracts mean.

Recorded offline, doctor defers the contract of every channel whose plugin it does not ship (all
but Telegram and Reef), so NAME.doctor.json holds only doctor's core migrations for those.
NAME.contract.json (scripts/record_channel_contracts.py) is each present channel's contract,
2026.9.6's dist/config-doctor/<channel>.js, applied to that recording, as doctor applies them
after its core migrations once the plugin is installed: oclc's upgrade must mean the same.
Where oclc leaves a decision to a person instead, NAME.contract-differs.json lists the paths and
why.
"""
from __future__ import annotations

import json

import pytest
from test_upgrade_doctor import DOCTOR, differences, doctor_additions, upgraded

from oclc.json5.parser import loads

CONTRACTS = sorted(p.name[:-len(".contract.json")] for p in DOCTOR.glob("*.contract.json"))


@pytest.mark.parametrize("name", CONTRACTS)
def test_upgrade_means_what_the_channel_contracts_mean(tmp_path, name):
    recorded = json.loads((DOCTOR / f"{name}.contract.json").read_text())
    assert recorded["openclaw"] == "2026.9.6" and recorded["channels"]
    original = loads((DOCTOR / f"{name}.json5").read_text())
    path, _ = upgraded(tmp_path, name)
    ours = doctor_additions(loads(path.read_text()), original)
    theirs = doctor_additions(recorded["config"], original, ours)
    allowed = DOCTOR / f"{name}.contract-differs.json"
    expected = json.loads(allowed.read_text()) if allowed.exists() else {}
    assert sorted(differences(ours, theirs)) == sorted(expected), json.dumps(
        {"differ": differences(ours, theirs), "oclc": ours, "contract": theirs}, indent=1, ensure_ascii=False)


def test_every_channel_contract_migration_has_a_fixture():
    """Each channel plugin migration changes something in a fixture, or names something to decide."""
    from test_upgrade_doctor import ENV, FIXTURES, TARGET

    from oclc.upgrade import upgrade_file
    from oclc.upgrade.migrations import channel_plugin_migrations

    seen: set[str] = set()
    for name in FIXTURES:
        upgrade = upgrade_file(str(DOCTOR / f"{name}.json5"), TARGET, env=ENV)
        seen |= {change.migration for change in upgrade.changes} | {d.migration for d in upgrade.decisions}
    assert [m.id for m in channel_plugin_migrations() if m.id not in seen] == []
