"""Project config: where it is found, what each key does, and clear errors for a bad one."""
from __future__ import annotations

import os

import pytest

from oclc.diagnostics import Diagnostic
from oclc.settings import Finder, Settings, SettingsError, check_selectors, from_table, parse_codes, read_file


def diag(code: str, severity: str = "warning", file: str = "openclaw.json") -> Diagnostic:
    return Diagnostic(code, "rule", severity, "message", file)


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_found_upward_and_oclc_toml_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.oclc]\nignore = ["OC107"]\n')
    write(tmp_path / "a" / "b" / "openclaw.json", "{}")
    settings = Finder().for_path(str(tmp_path / "a" / "b" / "openclaw.json"))
    assert settings.ignore == ("OC107",)
    assert settings.source == str(tmp_path / "pyproject.toml")
    write(tmp_path / "a" / ".oclc.toml", 'ignore = ["OC130"]\n')
    write(tmp_path / "a" / "pyproject.toml", '[tool.oclc]\nignore = ["OC107"]\n')
    assert Finder().for_path(str(tmp_path / "a" / "b" / "openclaw.json")).ignore == ("OC130",)


def test_pyproject_without_a_tool_oclc_table_is_passed_over(tmp_path):
    write(tmp_path / ".oclc.toml", 'fail-on = "warning"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.black]\nline-length = 100\n')
    assert read_file(str(tmp_path / "sub" / "pyproject.toml")) is None
    assert Finder().for_path(str(tmp_path / "sub" / "openclaw.json")).fail_on == "warning"


def test_no_config_means_defaults(tmp_path):
    settings = Finder().for_path(str(tmp_path / "openclaw.json"))
    assert settings.select is None and settings.ignore == () and settings.fail_on == "error"


def test_select_ignore_and_prefixes():
    settings = Settings(select=("OC1",), ignore=("OC107",))
    kept = settings.apply([diag("OC107"), diag("OC130"), diag("OC901")], "openclaw.json")
    assert [d.code for d in kept] == ["OC130"]


def test_errors_openclaw_refuses_are_always_reported():
    settings = Settings(select=("OC9",), ignore=("OC1", "OC2"), severity={"OC201": "info"})
    kept = settings.apply([diag("OC101", "error"), diag("OC201", "error"), diag("OC107")], None)
    assert [(d.code, d.severity) for d in kept] == [("OC101", "error"), ("OC201", "error")]


def test_severity_override_and_fail_on():
    settings = Settings(severity={"OC107": "error", "OC130": "info"})
    kept = settings.apply([diag("OC107"), diag("OC130")], None)
    assert [(d.code, d.severity) for d in kept] == [("OC107", "error"), ("OC130", "info")]
    assert settings.fails(kept)
    assert not Settings().fails([diag("OC130", "warning")])
    assert Settings(fail_on="warning").fails([diag("OC130", "warning")])
    assert not Settings(fail_on="warning").fails([diag("OC130", "info")])


def test_per_file_ignores(tmp_path):
    config = write(tmp_path / ".oclc.toml",
                   '[per-file-ignores]\n"legacy/*.json5" = ["OC130"]\n"openclaw.dev.json5" = ["OC107"]\n')
    settings = read_file(str(config))
    legacy = str(tmp_path / "legacy" / "openclaw.json5")
    assert settings.ignored_for(legacy) == {"OC130"}
    assert settings.ignored_for(str(tmp_path / "deep" / "openclaw.dev.json5")) == {"OC107"}
    assert settings.ignored_for(str(tmp_path / "openclaw.json5")) == set()
    assert [d.code for d in settings.apply([diag("OC130"), diag("OC107")], legacy)] == ["OC107"]


def test_paths_are_relative_to_the_config_file(tmp_path):
    config = write(tmp_path / "conf" / ".oclc.toml", 'env-file = ".env"\nstate-dir = "state"\n')
    settings = read_file(str(config))
    assert settings.env_file == str(tmp_path / "conf" / ".env")
    assert settings.state_dir == str(tmp_path / "conf" / "state")


def test_command_line_overrides():
    settings = Settings(select=("OC1",), fail_on="warning").override(select=("OC9",), fail_on=None, ignore=None)
    assert settings.select == ("OC9",) and settings.fail_on == "warning"


@pytest.mark.parametrize("text, message", [
    ('colour = "always"\n', "unknown key 'colour'"),
    ('select = "OC1"\nignore = [1]\n', "ignore must be a list of rule codes"),
    ('select = ["XX9"]\n', "'XX9' matches no rule"),
    ('fail-on = "info"\n', 'fail-on must be "error" or "warning"'),
    ('[severity]\nOC999 = "warning"\n', "'OC999' is not a rule code"),
    ('[severity]\nOC107 = "fatal"\n', "'fatal' is not one of error, warning, info"),
    ('[per-file-ignores]\n"*.json" = "OC1x"\n', "'OC1x' matches no rule"),
    ("select = [\n", "not valid TOML"),
    ('env-file = 3\n', "env-file must be a path"),
    ('[tool.oclc]\nselect = ["OC"]\n', "in .oclc.toml the settings stand at the top level, without a [tool.oclc] header"),
])
def test_bad_config_is_a_clear_error(tmp_path, text, message):
    config = write(tmp_path / ".oclc.toml", text)
    with pytest.raises(SettingsError) as caught:
        read_file(str(config))
    assert message in str(caught.value)
    assert str(config) in str(caught.value)


def test_selectors_are_normalised():
    assert check_selectors(["oc1", " OC401 ", "ALL"], "--select") == ("OC1", "OC401", "ALL")
    assert parse_codes("OC1, OC401 OC9") == ["OC1", "OC401", "OC9"]
    assert from_table({}, os.path.join(os.sep, "x", ".oclc.toml")).root == os.path.join(os.sep, "x")


def test_hiding_an_openclaw_refusal_error_is_a_settings_error_not_a_silent_no_op(tmp_path):
    import pytest

    from oclc.settings import SettingsError, from_table

    where = str(tmp_path / ".oclc.toml")
    for table in ({"ignore": ["OC201"]}, {"severity": {"OC201": "warning"}},
                  {"per-file-ignores": {"*.json5": ["OC101"]}}):
        with pytest.raises(SettingsError, match="makes OpenClaw refuse the config"):
            from_table(table, where)
    # A prefix that also covers warnings stays allowed: it hides those warnings.
    assert from_table({"ignore": ["OC1"]}, where).ignore == ("OC1",)
    assert from_table({"severity": {"OC107": "info"}}, where).severity == {"OC107": "info"}


def test_the_command_line_refuses_to_ignore_an_openclaw_refusal_error(tmp_path):
    from clilib import invoke

    config = tmp_path / "openclaw.json5"
    config.write_text("{ gateway: { prot: 1 } }")
    result = invoke(["lint", "--ignore", "OC201", str(config)])
    assert result.exit_code == 2
    assert "OC201 is an error that makes OpenClaw refuse the config" in result.output


@pytest.mark.parametrize("text, fail_on", [
    ('[tool.oclc]\nfail-on = "warning"\n', "warning"),
    ('[tool]\noclc = { fail-on = "warning" }\n', "warning"),
    ('tool.oclc.fail-on = "warning"\n', "warning"),
    ('[tool."\\u006fclc"]\nfail-on = "warning"\n', "warning"),
    ('[tool.setuptools]\npackages = ["oclc", "oclc.load"]\n[tool.ruff]\nline-length = 120\n', None),
])
def test_a_pyproject_is_parsed_only_when_it_may_define_tool_oclc(tmp_path, text, fail_on):
    found = read_file(str(write(tmp_path / "pyproject.toml", text)))
    assert (found.fail_on if found else None) == fail_on
