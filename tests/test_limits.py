"""Input limits: absurd nesting, huge files, include bombs, includes that escape the config
directory, things that are not files, and bytes that are not UTF-8. Each gives a clear diagnostic
at a position (never a traceback, never a blocked read)."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from hostilelib import assert_no_crash, assert_spans_inside, run_cli, write
from oclc.load.includes import MAX_INCLUDE_LOADS, MAX_INCLUDED_BYTES, MAX_INCLUDED_VALUES
from oclc.json5.parser import MAX_NESTING
from oclc.pipeline import Options, check
from oclc.source import DEFAULT_MAX_BYTES

MiB = 1024 * 1024


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


def only(result, code: str):
    found = [d for d in result.diagnostics if d.code == code]
    assert len(found) == 1, [str(d) for d in result.diagnostics]
    return found[0]


def clean_check(path: Path, **options):
    result = check(str(path), options=Options(env={}, **options))
    assert_spans_inside(result)
    return result


# --- nesting ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("opener,closer", [("[", "]"), ("{a:", "}")])
def test_nesting_10000_deep_stops_at_the_limit_not_a_recursion_error(tmp_path, opener, closer):
    path = write(tmp_path / "openclaw.json5", opener * 10_000 + "1" + closer * 10_000)
    result = clean_check(path)
    error = only(result, "OC903")
    assert not error.is_structural   # oclc's limit, not a prediction that OpenClaw refuses it
    assert f"deeper than {MAX_NESTING} levels" in error.message
    assert error.span.line == 1
    # The position is where the limit was crossed, not the end of the file.
    assert error.span.start == len(opener) * MAX_NESTING

    run = run_cli("lint", "--format", "concise", str(path))
    assert_no_crash(run)
    assert run.exit_code == 1
    assert f"{path}:1:" in run.stdout and "OC903" in run.stdout


def test_nesting_at_the_limit_is_checked_normally(tmp_path):
    depth = MAX_NESTING - 1
    path = write(tmp_path / "openclaw.json5", '{"gateway": ' + '{"a":' * (depth - 1) + "1" + "}" * depth)
    result = clean_check(path)
    assert "OC101" not in codes(result)
    assert "OC201" in codes(result)   # gateway.a is unknown: the schema stage ran on the deep value


def test_nesting_spliced_together_by_includes_is_refused(tmp_path):
    """Each file stays under the parser's limit, but the included value is spliced in deep inside
    the main one; later stages walk the loaded config recursively."""
    half = MAX_NESTING - 50
    write(tmp_path / "deep.json5", '{"a":' * half + "1" + "}" * half)
    path = write(tmp_path / "openclaw.json5",
                 '{"gateway": ' + '{"a":' * half + '{"$include": "./deep.json5"}' + "}" * half + "}")
    result = clean_check(path)
    error = only(result, "OC903")
    assert "nests" in error.message and str(MAX_NESTING) in error.message
    assert error.file == str(path) and error.span is not None


def test_nesting_through_a_chain_of_includes_is_refused(tmp_path):
    depth = 60
    for level in range(6):
        inner = f'{{"$include": "./l{level + 1}.json5"}}' if level < 5 else "1"
        write(tmp_path / f"l{level}.json5", '{"a":' * depth + inner + "}" * depth)
    path = write(tmp_path / "openclaw.json5", '{"gateway": {"$include": "./l0.json5"}}')
    result = clean_check(path)
    error = only(result, "OC903")
    assert "nests" in error.message
    run = run_cli("lint", "--format", "concise", str(path))
    assert_no_crash(run)
    assert run.exit_code == 1


# --- file size ----------------------------------------------------------------------------------------

def test_a_50_mib_file_is_refused_by_default_without_reading_it(tmp_path):
    path = tmp_path / "openclaw.json5"
    with open(path, "wb") as handle:       # sparse: the size check must come before any read
        handle.truncate(50 * MiB)
    result = clean_check(path)
    error = only(result, "OC105")
    assert "--max-file-size" in error.message and f"{DEFAULT_MAX_BYTES:,}" in error.message
    run = run_cli("lint", "--format", "concise", str(path))
    assert_no_crash(run)
    assert run.exit_code == 2 and "OC105" in run.stdout


def test_a_50_mib_file_is_handled_when_the_limit_is_raised(tmp_path):
    padding = "x" * (50 * MiB)
    path = write(tmp_path / "openclaw.json5", '{"gateway": {"port": 18789}, "notes": "' + padding + '"}')
    del padding
    run = run_cli("lint", "--format", "concise", "--max-file-size", "64M", str(path))
    assert_no_crash(run)
    assert "OC105" not in run.output
    assert 'unknown key "notes"' in run.stdout
    assert len(run.output) < 10_000   # the value is not echoed back


@pytest.mark.parametrize("command", [["lint"], ["compile"], ["explain"]])
def test_max_file_size_is_honoured_by_every_command(tmp_path, command):
    path = write(tmp_path / "openclaw.json5", '{"gateway": {"port": 18789}}' + " " * 2000)
    run = run_cli(*command, "--max-file-size", "1K", str(path))
    assert_no_crash(run)
    assert run.exit_code == 2
    assert "OC105" in run.output and "1,024 bytes" in run.output


def test_max_file_size_applies_to_standard_input():
    run = run_cli("lint", "--format", "concise", "--max-file-size", "1K", "-",
                  input=b'{"gateway": {"port": 18789}}' + b" " * 2000)
    assert_no_crash(run)
    assert run.exit_code == 2 and "OC105" in run.stdout


@pytest.mark.parametrize("bad", ["0", "-5", "lots", "12Q", ""])
def test_max_file_size_rejects_nonsense(tmp_path, bad):
    path = write(tmp_path / "openclaw.json5", "{}")
    run = run_cli("lint", "--max-file-size", bad, str(path))
    assert_no_crash(run)
    assert run.exit_code == 2 and "--max-file-size" in run.output


# --- include bombs ------------------------------------------------------------------------------

def test_the_same_file_included_thousands_of_times_stops_at_the_budget(tmp_path):
    write(tmp_path / "part.json5", '{"port": 18789}')
    path = write(tmp_path / "openclaw.json5",
                 json.dumps({"gateway": {"$include": ["./part.json5"] * 50_000}}))
    result = clean_check(path)
    error = only(result, "OC903")
    assert f"{MAX_INCLUDE_LOADS:,} included files" in error.message
    # Placed at the first item past the budget, in the main file.
    assert error.path == ("gateway", "$include", MAX_INCLUDE_LOADS)


def test_a_fan_out_within_the_budget_is_accepted(tmp_path):
    write(tmp_path / "part.json5", '{"port": 18789}')
    path = write(tmp_path / "openclaw.json5", json.dumps({"gateway": {"$include": ["./part.json5"] * 50}}))
    result = clean_check(path)
    assert not [d for d in result.diagnostics if d.code.startswith("OC11")]
    assert result.loaded.value["gateway"] == {"port": 18789}


def test_a_tree_of_includes_stops_at_the_budget(tmp_path):
    """Ten levels, each including the next ten times: 10**10 reads if nothing stopped it."""
    for level in range(10):
        body = json.dumps({"$include": [f"./t{level + 1}.json5"] * 10}) if level < 9 else '{"mode": "local"}'
        write(tmp_path / f"t{level}.json5", body)
    path = write(tmp_path / "openclaw.json5", json.dumps({"gateway": {"$include": "./t0.json5"}}))
    result = clean_check(path)
    error = only(result, "OC903")
    assert "budget" in error.message
    run = run_cli("lint", "--format", "concise", str(path))
    assert_no_crash(run)
    assert run.exit_code == 1 and "OC903" in run.stdout


def test_large_arrays_merged_many_times_stop_at_the_value_budget(tmp_path):
    """Arrays concatenate when includes merge, so a few big files repeated grow the config fast."""
    write(tmp_path / "big.json5", json.dumps([1] * 20_000))
    path = write(tmp_path / "openclaw.json5", json.dumps({"tools": {"$include": ["./big.json5"] * 100}}))
    result = clean_check(path)
    error = only(result, "OC903")
    assert f"{MAX_INCLUDED_VALUES:,} included values" in error.message


def test_big_files_included_many_times_stop_at_the_text_budget(tmp_path):
    write(tmp_path / "notes.json5", '{"notes": "' + "n" * (2 * MiB - 64) + '"}')
    path = write(tmp_path / "openclaw.json5", json.dumps({"gateway": {"$include": ["./notes.json5"] * 40}}))
    result = clean_check(path)
    error = only(result, "OC903")
    assert f"{MAX_INCLUDED_BYTES:,} characters of included text" in error.message


# --- includes that leave the config directory ---------------------------------------------------------

@pytest.fixture
def outside(tmp_path):
    """A file outside the config directory whose content would be a syntax error if it were read."""
    path = write(tmp_path / "outside" / "secret.json5", "{ not json5 at all")
    (tmp_path / "config").mkdir()
    return path


def _include_result(config_dir: Path, target: str, env: dict | None = None):
    path = write(config_dir / "openclaw.json5", json.dumps({"gateway": {"$include": target}}))
    result = check(str(path), options=Options(env=env or {}))
    assert_spans_inside(result)
    return result


def test_include_escaping_through_dotdot(tmp_path, outside):
    result = _include_result(tmp_path / "config", "../outside/secret.json5")
    error = only(result, "OC111")
    assert "outside" in error.message and error.span is not None
    assert "OC114" not in codes(result)


def test_include_escaping_through_dotdot_inside_the_path(tmp_path, outside):
    (tmp_path / "config" / "sub").mkdir()
    result = _include_result(tmp_path / "config", "./sub/../../outside/secret.json5")
    only(result, "OC111")


def test_include_by_absolute_path_outside(tmp_path, outside):
    result = _include_result(tmp_path / "config", str(outside))
    only(result, "OC111")


def test_include_of_an_absolute_system_file(tmp_path):
    (tmp_path / "config").mkdir()
    result = _include_result(tmp_path / "config", "/etc/passwd")
    only(result, "OC111")


def test_include_through_a_symlinked_file_leading_outside(tmp_path, outside):
    os.symlink(outside, tmp_path / "config" / "link.json5")
    result = _include_result(tmp_path / "config", "./link.json5")
    error = only(result, "OC111")
    assert "symlink" in error.message


def test_include_through_a_symlinked_directory_leading_outside(tmp_path, outside):
    os.symlink(outside.parent, tmp_path / "config" / "shared")
    result = _include_result(tmp_path / "config", "./shared/secret.json5")
    only(result, "OC111")


def test_include_through_a_relative_symlink_chain_leading_outside(tmp_path, outside):
    config = tmp_path / "config"
    os.symlink("../outside/secret.json5", config / "hop2.json5")
    os.symlink("hop2.json5", config / "hop1.json5")
    result = _include_result(config, "./hop1.json5")
    only(result, "OC111")


def test_include_through_a_symlink_staying_inside_is_followed(tmp_path):
    config = tmp_path / "config"
    write(config / "real" / "gateway.json5", '{"port": 18789}')
    os.symlink("real/gateway.json5", config / "gateway.json5")
    result = _include_result(config, "./gateway.json5")
    assert not [d for d in result.diagnostics if d.code.startswith("OC11")]
    assert result.loaded.value["gateway"] == {"port": 18789}


def test_symlink_loop_is_reported_not_followed_forever(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    os.symlink("b.json5", config / "a.json5")
    os.symlink("a.json5", config / "b.json5")
    result = _include_result(config, "./a.json5")
    error = only(result, "OC110")
    assert "symlinks" in error.message


# --- not a regular file --------------------------------------------------------------------------

def test_a_directory_named_as_the_config(tmp_path):
    (tmp_path / "openclaw.json5").mkdir()
    result = check(str(tmp_path / "openclaw.json5"), options=Options(env={}))
    only(result, "OC103")
    run = run_cli("compile", str(tmp_path / "openclaw.json5"))
    assert_no_crash(run)
    assert run.exit_code == 2 and "OC103" in run.output


def test_a_fifo_named_as_the_config_is_not_opened(tmp_path):
    fifo = tmp_path / "openclaw.json5"
    os.mkfifo(fifo)          # opening it for reading would block until a writer came
    result = check(str(fifo), options=Options(env={}))
    only(result, "OC103")
    for command in ("lint", "compile", "explain"):
        run = run_cli(command, str(fifo))
        assert_no_crash(run)
        assert run.exit_code == 2 and "OC103" in run.output


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_named_as_the_config_is_not_read(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    result = check(device, options=Options(env={}))
    only(result, "OC103")
    run = run_cli("lint", "--format", "concise", device)
    assert_no_crash(run)
    assert run.exit_code == 2


def test_a_directory_named_as_an_include(tmp_path):
    (tmp_path / "config" / "parts").mkdir(parents=True)
    result = _include_result(tmp_path / "config", "./parts")
    error = only(result, "OC115")
    assert "directory" in error.message


def test_a_fifo_named_as_an_include_is_not_opened(tmp_path):
    (tmp_path / "config").mkdir()
    os.mkfifo(tmp_path / "config" / "pipe.json5")
    result = _include_result(tmp_path / "config", "./pipe.json5")
    error = only(result, "OC115")
    assert "not a regular file" in error.message


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_named_as_an_include_is_not_read_even_inside_a_root(tmp_path, device):
    (tmp_path / "config").mkdir()
    # Outside the config directory: refused before anything is looked at.
    only(_include_result(tmp_path / "config", device), "OC111")
    # Inside an allowed root: refused because it is not a regular file, without opening it.
    result = _include_result(tmp_path / "config", device, env={"OPENCLAW_INCLUDE_ROOTS": "/dev"})
    error = only(result, "OC115")
    assert "not a regular file" in error.message


def test_a_symlink_to_a_device_named_as_an_include(tmp_path):
    (tmp_path / "config").mkdir()
    os.symlink("/dev/zero", tmp_path / "config" / "zero.json5")
    only(_include_result(tmp_path / "config", "./zero.json5"), "OC111")


def test_a_symlink_to_a_fifo_named_as_the_config(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "pipe", tmp_path / "openclaw.json5")
    result = check(str(tmp_path / "openclaw.json5"), options=Options(env={}))
    only(result, "OC103")


def test_an_unreadable_config_is_reported(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    path = write(tmp_path / "openclaw.json5", "{}")
    path.chmod(0)
    try:
        run = run_cli("lint", "--format", "concise", str(path))
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert_no_crash(run)
    assert run.exit_code == 2 and "OC102" in run.stdout


# --- encodings and odd bytes ---------------------------------------------------------------------

def test_invalid_utf8_is_reported_with_its_offset(tmp_path):
    path = write(tmp_path / "openclaw.json5", b'{\n  gateway: { mode: "caf\xe9" },\n}\n')
    result = clean_check(path)
    error = only(result, "OC104")
    assert "0xe9" in error.message and "byte offset 25" in error.message
    run = run_cli("lint", "--format", "concise", str(path))
    assert_no_crash(run)
    assert "OC104" in run.stdout


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_with_a_bom_is_reported_as_utf16(tmp_path, encoding):
    bom = "\ufeff".encode(encoding)
    path = write(tmp_path / "openclaw.json5", bom + '{ gateway: { port: 18789 } }'.encode(encoding))
    error = only(clean_check(path), "OC104")
    assert "UTF-16" in error.message


def test_a_utf16_file_without_a_bom_gives_a_clear_syntax_error(tmp_path):
    path = write(tmp_path / "openclaw.json5", '{ gateway: { port: 18789 } }'.encode("utf-16-le"))
    error = only(clean_check(path), "OC101")
    assert "NUL" in error.message


def test_a_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path / "openclaw.json5", b'\xef\xbb\xbf{ gateway: { port: 18789 } }')
    result = clean_check(path)
    assert result.diagnostics == []


def test_nul_bytes_between_tokens_are_a_syntax_error_at_their_position(tmp_path):
    path = write(tmp_path / "openclaw.json5", b'{\n  gateway: {\x00 port: 18789 },\n}\n')
    error = only(clean_check(path), "OC101")
    assert (error.span.line, error.span.column) == (2, 13)
    assert "NUL" in error.message
    run = run_cli("lint", str(path))
    assert_no_crash(run)
    assert "\x00" not in run.output    # the snippet shows the byte without printing it raw


def test_nul_bytes_after_the_document(tmp_path):
    path = write(tmp_path / "openclaw.json5", b"{}\n" + b"\x00" * 4096)
    error = only(clean_check(path), "OC101")
    assert error.span.line == 2


def test_an_included_file_with_bad_bytes_is_read_like_openclaw_does(tmp_path):
    """OpenClaw reads include files with bad bytes replaced; a UTF-16 include fails to parse."""
    config = tmp_path / "config"
    write(config / "latin1.json5", b'{ "mode": "caf\xe9" }')
    write(config / "wide.json5", "\ufeff{ port: 1 }".encode("utf-16-le"))
    result = _include_result(config, "./latin1.json5")
    assert not [d for d in result.diagnostics if d.code.startswith("OC1")]
    assert result.loaded.value["gateway"]["mode"] == "caf\ufffd"
    only(_include_result(config, "./wide.json5"), "OC114")


def test_an_include_path_with_a_nul_character(tmp_path):
    (tmp_path / "config").mkdir()
    error = only(_include_result(tmp_path / "config", "./a\u0000b.json5"), "OC115")
    assert "NUL" in error.message


def test_an_overlong_include_path(tmp_path):
    (tmp_path / "config").mkdir()
    only(_include_result(tmp_path / "config", "./" + "a/" * 3000 + "x.json5"), "OC115")


def test_an_included_file_past_the_nesting_limit_is_oclcs_limit_not_a_syntax_error(tmp_path):
    """The same limit as in the main file: OC903 (no claim about OpenClaw's verdict), not OC114."""
    write(tmp_path / "deep.json5", "[" * (MAX_NESTING + 50) + "]" * (MAX_NESTING + 50))
    path = write(tmp_path / "openclaw.json5", '{ "$include": "./deep.json5" }')
    error = only(clean_check(path), "OC903")
    assert not error.is_structural
    assert error.file.endswith("deep.json5") and error.notes and "included from" in error.notes[0]
