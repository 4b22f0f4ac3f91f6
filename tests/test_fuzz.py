"""Property tests: the parser agrees with the json5 package on documents generated from the
JSON5 grammar, and no mutation of a real-world config makes oclc crash, print a traceback, exit
with an undocumented code or point outside its file. Example counts are bounded so the whole file
runs in CI in well under a few minutes; scripts/fuzz.py runs the same generators for much longer."""
from __future__ import annotations

import os
import random

import json5
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostilelib import (assert_no_crash, assert_spans_inside, corpus_auth_profiles, corpus_configs, run_cli,
                        run_hostile_case)
from json5gen import document, hostile_case, mutate, normalized
from oclc.json5.parser import ParseError, loads
from oclc.pipeline import Options, check

CORPUS = corpus_configs()
# How many hostile inputs test_hostile_inputs_never_crash_the_cli runs: a few hundred in CI;
# OCLC_FUZZ_EXAMPLES=100000 for a long run (or scripts/fuzz.py, which runs them in parallel).
HOSTILE_EXAMPLES = int(os.environ.get("OCLC_FUZZ_EXAMPLES") or 200)
needs_corpus = pytest.mark.skipif(not CORPUS, reason="shared/corpus is not beside the repository")
LINT_FORMATS = ("text", "concise", "json", "sarif", "github", "junit")

# hypothesis's own per-example deadline is off: json5 is slow on some inputs and CI machines vary.
def fuzz_settings(max_examples: int) -> settings:
    return settings(max_examples=max_examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def _json5_verdict(text: str):
    try:
        return "ok", normalized(json5.loads(text))
    except ValueError as exc:
        return "error", str(exc)


def _oclc_verdict(text: str):
    try:
        return "ok", normalized(loads(text))
    except ParseError as exc:
        return "error", str(exc)


# --- grammar-based: the parser ------------------------------------------------------------------

@fuzz_settings(1000)
@given(st.randoms(use_true_random=False))
def test_generated_documents_parse_to_what_json5_gives(rng):
    text = document(rng)
    expected = _json5_verdict(text)
    got = _oclc_verdict(text)
    assert got[0] == expected[0], (text, expected, got)
    if expected[0] == "ok":
        assert got == expected, text


# A small alphabet that reaches most JSON5 states (and many errors) in few characters.
_ALPHABET = list("{}[]:,'\"\\/*\n\r \t0123456789.+-eExXabfnrtuvNIly$_") + ["\u2028", "\u00a0", "\ufeff", "\x00"]


@fuzz_settings(1500)
@given(st.text(alphabet=_ALPHABET, max_size=24))
def test_any_short_text_is_accepted_or_refused_like_json5(text):
    expected = _json5_verdict(text)
    got = _oclc_verdict(text)
    assert got[0] == expected[0], (text, expected, got)
    if expected[0] == "ok":
        assert got == expected, text


@fuzz_settings(1000)
@given(st.randoms(use_true_random=False))
def test_mutated_generated_documents_never_crash_the_parser(rng):
    data = mutate(rng, document(rng).encode("utf-8"))
    result = check(None, name="generated.json5", text=data, options=Options(env={}))
    assert_spans_inside(result, data)


# --- mutation-based: the whole pipeline on real configs -------------------------------------------

@needs_corpus
def test_every_corpus_config_checks_with_spans_inside_its_file():
    for path in CORPUS:
        result = check(str(path), options=Options(env={}))
        assert_spans_inside(result)


@needs_corpus
@fuzz_settings(3000)
@given(st.sampled_from(CORPUS or [None]), st.randoms(use_true_random=False))
def test_mutated_corpus_configs_never_crash_the_pipeline(path, rng):
    data = mutate(rng, path.read_bytes())
    # The text stands in for the file at its real path, so includes resolve beside it.
    result = check(str(path), name=path.name, text=data, options=Options(env={}))
    assert_spans_inside(result, data)


@needs_corpus
@fuzz_settings(300)
@given(st.sampled_from(CORPUS or [None]), st.randoms(use_true_random=False), st.sampled_from(LINT_FORMATS))
def test_mutated_corpus_configs_never_crash_the_cli(tmp_path_factory, path, rng, output_format):
    target = tmp_path_factory.mktemp("fuzz") / "openclaw.json5"
    target.write_bytes(mutate(rng, path.read_bytes()))
    for args in (["lint", "--format", output_format], ["compile"], ["explain"], ["explain", "--format", "json"]):
        assert_no_crash(run_cli(*args, str(target), env={}))


@fuzz_settings(200)
@given(st.randoms(use_true_random=False), st.sampled_from(LINT_FORMATS))
def test_generated_documents_never_crash_the_cli(tmp_path_factory, rng, output_format):
    """Generated keys and values hold what real configs rarely do: unpaired surrogates, control
    characters, Unicode line breaks; every output must still print."""
    target = tmp_path_factory.mktemp("fuzzgen") / "openclaw.json5"
    data = document(rng).encode("utf-8")
    target.write_bytes(mutate(rng, data) if rng.random() < 0.3 else data)
    for args in (["lint", "--format", output_format], ["compile"], ["explain", "--format", "json"]):
        assert_no_crash(run_cli(*args, str(target), env={}))


@needs_corpus
@fuzz_settings(100)
@given(st.sampled_from(CORPUS or [None]), st.randoms(use_true_random=False))
def test_mutated_corpus_configs_never_crash_fix_or_diff(tmp_path_factory, path, rng):
    target = tmp_path_factory.mktemp("fuzzfix") / "openclaw.json5"
    target.write_bytes(mutate(rng, path.read_bytes()))
    assert_no_crash(run_cli("lint", "--diff", str(target), env={}))
    before = target.read_bytes()
    run = run_cli("lint", "--fix", "--format", "concise", str(target), env={})
    assert_no_crash(run)
    after = target.read_bytes()
    if after != before:
        # A fix may only ever leave a file that still parses.
        loads(after.decode("utf-8-sig"))


# --- hostile shapes (issue 13): the whole command line ----------------------------------------------

_CONFIG_BYTES = [p.read_bytes() for p in CORPUS]
_STORE_BYTES = [p.read_bytes() for p in corpus_auth_profiles()]


@fuzz_settings(HOSTILE_EXAMPLES)
@given(st.randoms(use_true_random=False))
def test_hostile_inputs_never_crash_the_cli(tmp_path_factory, rng):
    """Long runs, strings of escapes and combining marks, hundreds of suppression directives, odd
    env files and broken credential stores, in real and generated configs: every command and
    output format handles them (json5gen.hostile_case says what is generated)."""
    run_hostile_case(hostile_case(rng, _CONFIG_BYTES, _STORE_BYTES), tmp_path_factory.mktemp("hostile"))


def test_the_generators_make_valid_and_invalid_documents():
    """The fuzz tests above are only as good as their inputs: most generated documents must be
    valid JSON5, and mutation must break a fair share of them."""
    rng = random.Random(7)
    texts = [document(rng) for _ in range(300)]
    valid = sum(_json5_verdict(t)[0] == "ok" for t in texts)
    assert valid >= 270
    broken = sum(_oclc_verdict(mutate(rng, t.encode()).decode("utf-8", "replace"))[0] == "error" for t in texts)
    assert broken >= 60


# --- what fuzzing found (each failed before its fix) ---------------------------------------------

def test_an_include_path_with_an_unpaired_surrogate_is_a_missing_file():
    result = check(None, name="generated.json5", text=b'{oull: null, $include: "\\uD800"}', options=Options(env={}))
    assert [d.code for d in result.diagnostics] == ["OC110"]


@pytest.mark.parametrize("bad", ["/tmp/x\\u0000y", "/tmp/x\\uDC00y"])
def test_a_path_that_names_no_file_in_agent_dir_or_exec_command(bad):
    text = ('{agents: {list: [{id: "a", agentDir: "%s"}, {id: "b", agentDir: "%s"}]},'
            ' secrets: {providers: {p: {source: "exec", command: "%s"}}}}' % (bad, bad, bad))
    result = check(None, name="generated.json5", text=text.encode(), options=Options(env={}))
    codes = [d.code for d in result.diagnostics]
    assert "OC216" in codes                       # the shared agentDir is still found
    run = run_cli("lint", "-", input=text, env={})
    assert_no_crash(run)
    assert "\x00" not in run.output


def test_a_syntax_error_at_a_crlf_line_break_points_at_the_line_end():
    text = b'{\r\n  a: "unterminated\r\n}\r\n'
    result = check(None, name="generated.json5", text=text, options=Options(env={}))
    assert_spans_inside(result)
    error = result.diagnostics[0]
    assert (error.span.line, error.span.column) == (2, 19)   # just past "unterminated"
    assert (error.span.end_line, error.span.end_column) == (2, 19)


def test_a_duration_too_long_for_a_float_is_not_a_duration():
    # Hundreds of digits read as infinity, and round(infinity) raised out of the rule.
    text = '{ agents: { defaults: { heartbeat: { every: "' + "1" * 400 + '" } } } }'
    result = check(None, name="generated.json5", text=text.encode(), options=Options(env={}))
    assert "OC233" in [d.code for d in result.diagnostics]


def test_a_size_too_large_for_a_float_is_not_a_size():
    text = '{ session: { maintenance: { maxDiskBytes: "' + "9" * 400 + 'gb" } } }'
    result = check(None, name="generated.json5", text=text.encode(), options=Options(env={}))
    assert "OC241" in [d.code for d in result.diagnostics]
