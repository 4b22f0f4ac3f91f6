"""Release targets: which OpenClaw release a config is checked against, the per-release data, and
oclc's verdicts per release against each release's own recorded verdicts.

Three sources of release verdicts:
  probes   scripts/releases/<release>/probes.json: every release's answer on the small probe
           configs of scripts/probe_releases.py (in the repository: these run everywhere);
  corpus   shared/corpus/oracle-versions/<release>.jsonl: ten releases on 354 real configs
           (skipped without ../shared);
  facts    oclc/releases/<release>/release.json is exactly what the probes say (checked here).
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from fixturelib import SHARED
from oclc.pipeline import Options, check
from oclc.releases import (
    DEFAULT_RELEASE,
    UnknownVersion,
    bundled_releases,
    choose_target,
    nearest_bundled,
    parse_version,
    release_for_written_by,
)
from releaselib import judge, release_verdicts, verdict_of

ROOT = Path(__file__).resolve().parent.parent
RELEASES = list(bundled_releases())


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


probe_releases = _script("probe_releases")


# --- the bundled releases --------------------------------------------------------------------------

def test_the_issue_s_releases_are_bundled():
    wanted = ["2026.1.30", "2026.2.26", "2026.3.13", "2026.3.31", "2026.4.29", "2026.5.28", "2026.6.35",
              "2026.7.35", "2026.8.2", "2026.9.6"]
    assert RELEASES == wanted
    assert RELEASES[-1] == DEFAULT_RELEASE


def test_release_data_is_compact():
    total = sum((ROOT / "oclc" / "releases" / r / "schema.json.gz").stat().st_size for r in RELEASES)
    assert total < 250_000, total


@pytest.mark.parametrize("release", RELEASES)
def test_release_facts_are_what_the_probes_say(release):
    assert (ROOT / "oclc" / "releases" / release / "release.json").read_text(encoding="utf-8") == \
        probe_releases.derive_text(release), "run scripts/probe_releases.py and commit the result"


def test_every_probe_fires_on_the_reference_release():
    """The checks oclc has were written from 2026.9.6: a probe that does not fire there would
    switch one of them off by mistake."""
    facts = json.loads((ROOT / "oclc" / "releases" / DEFAULT_RELEASE / "release.json").read_text())
    assert facts["reference"] is True
    silent = [code for code, seen in facts["checks"].items() if not seen and code != "OC247"]
    assert not silent
    assert facts["load"] == {"unsetEnvVar": "warning", "migrations": ["context-budgets", "roster", "copilot-discovery"]}


def test_facts_differ_between_releases_as_the_releases_do():
    facts = {r: json.loads((ROOT / "oclc" / "releases" / r / "release.json").read_text()) for r in RELEASES}
    assert facts["2026.2.26"]["load"]["unsetEnvVar"] == "error"
    assert facts["2026.3.31"]["load"]["unsetEnvVar"] == "warning"
    assert "roster" not in facts["2026.7.35"]["load"]["migrations"]
    assert "roster" in facts["2026.8.2"]["load"]["migrations"]
    assert "plugins-installs" in facts["2026.4.29"]["load"]["migrations"]
    assert facts["2026.2.26"]["checks"]["OC214"] is False and facts["2026.8.2"]["checks"]["OC214"] is True
    assert "feishu" not in facts["2026.1.30"]["checks"]["OC223"]["channels"]
    assert "feishu" in facts["2026.2.26"]["checks"]["OC223"]["channels"]


# --- choosing the target ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, parsed", [
    ("2026.3.13", (2026, 3, 13)), ("2026.2.3-zh.3", (2026, 2, 3)), ("2026.3.2-beta.2", (2026, 3, 2)),
    ("2026.4.29-1", (2026, 4, 29)), ("0.1.5-fix.1", (0, 1, 5)), (" 2026.9.6 ", (2026, 9, 6)),
    ("2026.3", None), ("latest", None), ("", None), (20260313, None), (None, None),
])
def test_version_strings(text, parsed):
    assert parse_version(text) == parsed


def test_an_asked_release_that_is_bundled_is_used_as_is():
    target = choose_target("2026.3.13", "--openclaw-version", {"meta": {"lastTouchedVersion": "2026.9.6"}})
    assert (target.release, target.reason, target.note) == ("2026.3.13", "--openclaw-version 2026.3.13", None)


def test_a_suffix_is_read_as_its_base_release():
    assert nearest_bundled("2026.4.29-beta.2") == ("2026.4.29", "2026.4.29-beta.2 is read as its base release 2026.4.29")


def test_an_unbundled_release_maps_to_the_nearest_of_its_series_with_a_note():
    release, note = nearest_bundled("2026.3.20")
    assert release == "2026.3.13"
    assert note == ("OpenClaw 2026.3.20 is not bundled with oclc; checking against 2026.3.13, the nearest bundled "
                    "release of its series")
    assert nearest_bundled("2026.3.28")[0] == "2026.3.31"
    assert nearest_bundled("2026.10.1")[0] == "2026.9.6"   # no bundled 2026.10: the nearest at all


def test_a_bad_version_is_refused_naming_the_bundled_releases():
    with pytest.raises(UnknownVersion) as raised:
        nearest_bundled("latest")
    assert "2026.2.26" in str(raised.value) and "2026.9.6" in str(raised.value)


@pytest.mark.parametrize("written, release", [
    ("2026.3.2", "2026.3.13"), ("2026.3.13", "2026.3.13"), ("2026.3.14", "2026.3.31"), ("2026.2.3-zh.3", "2026.2.26"),
    ("0.1.5", "2026.1.30"), ("2026.9.7", "2026.9.6"), ("2027.1.1", "2026.9.6"),
])
def test_last_touched_version_maps_to_the_oldest_release_at_or_after_it(written, release):
    assert release_for_written_by(written) == release
    target = choose_target(None, None, {"meta": {"lastTouchedVersion": written}})
    assert target == (release, f"meta.lastTouchedVersion {written}", None)


def test_without_a_version_the_newest_release_is_the_target():
    assert choose_target(None, None, {}) == (
        DEFAULT_RELEASE, "the newest bundled release; no meta.lastTouchedVersion", None)
    odd = choose_target(None, None, {"meta": {"lastTouchedVersion": "yesterday"}})
    assert odd.release == DEFAULT_RELEASE
    assert odd.note == 'meta.lastTouchedVersion "yesterday" is not a release number; checking against 2026.9.6'


# --- the pipeline per target -----------------------------------------------------------------------

def _lint(tmp_path, text: str, **options) -> list[tuple[str, str]]:
    config = tmp_path / "openclaw.json5"
    config.write_text(text, encoding="utf-8")
    result = check(str(config), options=Options(env={}, **options))
    return result, [(d.code, ".".join(map(str, d.resolved_path))) for d in result.diagnostics if d.is_structural]


def test_a_config_is_checked_against_the_release_that_wrote_it(tmp_path):
    # 2026.3.13 keeps its roster in agents.list; 2026.9.6 has agents.entries and wants ownership.
    text = '{ meta: { lastTouchedVersion: "2026.3.12" }, agents: { list: [ { id: "a" }, { id: "b" } ] } }'
    result, errors = _lint(tmp_path, text)
    assert result.target.release == "2026.3.13" and errors == []
    result, errors = _lint(tmp_path, text, openclaw_version="2026.9.6", openclaw_version_from="--openclaw-version")
    assert ("OC214", "agents.ownership") in errors


def test_a_key_the_target_does_not_have_yet_says_when_it_came(tmp_path):
    result, errors = _lint(tmp_path, '{ meta: { lastTouchedVersion: "2026.3.13" }, agents: { entries: { main: {} } } }')
    assert errors == [("OC201", "agents.entries")]
    [finding] = [d for d in result.diagnostics if d.code == "OC201"]
    assert any(note.startswith("added in OpenClaw 2026.8.2") for note in finding.notes)


def test_a_retired_key_says_when_it_was_last_accepted(tmp_path):
    result, errors = _lint(tmp_path, '{ meta: { lastTouchedAt: "2026-03-02T10:00:00Z" } }')
    [finding] = [d for d in result.diagnostics if d.code == "OC202"]
    assert "last accepted by OpenClaw 2026.7.35" in finding.notes


def test_an_unset_variable_refuses_the_config_only_where_the_release_does(tmp_path):
    text = '{ meta: { lastTouchedVersion: "2026.2.20" }, gateway: { auth: { token: "${GATEWAY_TOKEN}" } } }'
    _, errors = _lint(tmp_path, text)
    assert errors == [("OC126", "gateway.auth.token")]
    _, errors = _lint(tmp_path, text, openclaw_version="2026.9.6", openclaw_version_from="--openclaw-version")
    assert errors == []


# --- verdicts per release ----------------------------------------------------------------------------

# (release, probe) -> why oclc's verdict may differ from the recorded one: only proven quirks.
PROBE_DIFFERENCES: dict[tuple[str, str], str] = {
    ("2026.3.31", "channel:twitch"):
        "2026.3.31 accepts an empty twitch block although the twitch schema it ships requires either "
        "`accounts` or `username`/`accessToken` (2026.4.29 and later refuse it); oclc keeps the schema",
}


def _probe_cases():
    cases = []
    for release in probe_releases.recorded_releases():
        for name in probe_releases.probes():
            cases.append(pytest.param(release, name, id=f"{release}-{name}"))
    return cases


@pytest.mark.parametrize("release, name", _probe_cases())
def test_probe_verdict(tmp_path, release, name):
    """Each release's recorded answer on each probe config: oclc, targeting that release, agrees
    (the same verdict, and every issue the release names covered by an oclc error there)."""
    answers = json.loads((ROOT / "scripts" / "releases" / release / "probes.json").read_text(encoding="utf-8"))
    config = tmp_path / "probe.json"
    config.write_text(json.dumps(probe_releases.probes()[name]), encoding="utf-8")
    result = check(str(config), options=Options(env={}, openclaw_version=release, openclaw_version_from="test"))
    kind, found = judge(result, verdict_of(answers[name]))
    agrees = kind in ("agree", "env-only")
    if (release, name) in PROBE_DIFFERENCES:
        assert not agrees, f"{release} {name} agrees now: remove it from PROBE_DIFFERENCES"
        return
    assert agrees, (kind, found, answers[name].get("issues"))


# Per release: at least 99% of corpus verdicts agree (environment-only refusals counted as agreeing)
# and no false error. Measured at this commit; a drop is a regression.
@pytest.mark.parametrize("release", RELEASES)
def test_corpus_parity_per_release(release):
    verdicts = release_verdicts(release)
    if not verdicts:
        pytest.skip(f"no recorded verdicts of {release}: {SHARED}/corpus/oracle-versions is not there")
    agree = false_errors = 0
    disagreements = []
    for config, raw in verdicts:
        result = check(str(config), options=Options(env={}, openclaw_version=release, openclaw_version_from="test"))
        kind, found = judge(result, verdict_of(raw))
        if kind in ("agree", "env-only"):
            agree += 1
            continue
        false_errors += kind == "false error"
        disagreements.append(f"{config.name}: {kind}, uncovered {[i['message'][:80] for i in found.uncovered]}")
    assert false_errors == 0, disagreements
    assert agree / len(verdicts) >= 0.99, disagreements


def test_the_project_config_names_a_release(tmp_path):
    from oclc.settings import SettingsError, from_table

    settings = from_table({"openclaw-version": "2026.3.13"}, str(tmp_path / ".oclc.toml"))
    assert settings.openclaw_version == "2026.3.13"
    with pytest.raises(SettingsError) as raised:
        from_table({"openclaw-version": "latest"}, str(tmp_path / ".oclc.toml"))
    assert "openclaw-version" in str(raised.value) and "2026.9.6" in str(raised.value)
    with pytest.raises(SettingsError):
        from_table({"openclaw-version": 2026.3}, str(tmp_path / ".oclc.toml"))
