"""Time grows linearly with hostile input (issue 13, "Time and memory").

Each test times one input shape at size N and at 4N, in this process, and asserts the ratio: linear
work gives about 4, quadratic 16. The bound is 8, so machine noise does not fail a test and a
quadratic regression does. Nothing here asserts an absolute time: N doubles until the small run
takes long enough to time (tens of milliseconds), whatever the machine, and the 4N run then takes
a fraction of a second.

The shapes are the ones measured in the issue (before the fixes: 4x the input took 6x to 25x the
time, up to minutes) and their siblings found while fixing them.
"""
from __future__ import annotations

import functools
import json
import time
from pathlib import Path

from oclc.load import envfile
from oclc.pipeline import Options, check
from oclc.render import RenderOptions, file_report, render

GROWTH = 4
MAX_RATIO = 8.0           # linear: ~4; quadratic: ~16
TIMED_AT_LEAST = 0.02     # seconds: the small run must be this long to be timed reliably
LARGEST_START = 1 << 22


def _seconds(action) -> float:
    """The best of three runs: the least disturbed by whatever else the machine is doing."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def assert_linear(run_at, n: int) -> None:
    """`run_at(size)` returns a callable doing the work for that size (the input is built before
    the clock starts). N grows until the small run is long enough to time; a ratio over the bound
    is measured a second time before it fails the test."""
    run_at = functools.lru_cache(maxsize=None)(run_at)      # each size's input is built once
    run_at(n)()                                   # warm up: imports, caches, compiled regexes
    while n < LARGEST_START:
        if _seconds(run_at(n)) >= TIMED_AT_LEAST:
            break
        n *= 2
    ratios = []
    for _ in range(2):
        small, large = run_at(n), run_at(GROWTH * n)
        ratio = _seconds(large) / max(_seconds(small), 1e-9)
        ratios.append(ratio)
        if ratio <= MAX_RATIO:
            return
    raise AssertionError(f"{GROWTH}x the input took {min(ratios):.1f}x the time at N={n} (linear: ~{GROWTH}x)")


def lint_text(text: str, options: Options | None = None, output: str = "text"):
    """What `oclc lint --format text` does for one file, in-process: check, then render."""
    data = text.encode("utf-8", "surrogatepass")

    def run() -> None:
        result = check(None, name="openclaw.json5", text=data, options=options or Options(env={}))
        render(output, [file_report(result, result.diagnostics)], RenderOptions())
    return run


# --- the shapes measured in the issue -----------------------------------------------------------------

def test_unparsable_text_with_a_long_run():
    # `{ aaaa…`: the text format masks secrets in unparsable text by its look (was quadratic).
    assert_linear(lambda n: lint_text("{ " + "a" * n), 2000)


def test_a_string_of_jwt_prefixes():
    # `eyJeyJeyJ…`: the JWT shape was re-read from every `eyJ` to the end of the run. Timed on the
    # redaction itself (every output goes through these), where the quadratic term shows at once.
    from oclc.redact import looks_like_token, redact_string, shape_spans

    def run_at(n: int):
        text = "eyJ" * (n // 3)
        return lambda: (looks_like_token(text), redact_string(text), shape_spans(text))
    assert_linear(run_at, 3000)
    assert_linear(lambda n: lint_text('{ gateway: { auth: { token: "' + "eyJ" * (n // 3) + '" } } }'), 3000)


def test_many_suppression_directives():
    # N lines of `// oclc: ignore[OC401]`: each directive rescanned lines and comments (O(N^3)).
    assert_linear(lambda n: lint_text("{\n" + "// oclc: ignore[OC401]\n" * n + "}\n"), 100)


def test_an_env_file_line_with_a_long_run_of_spaces(tmp_path: Path):
    def run_at(n: int):
        path = tmp_path / f"long-{n}.env"
        path.write_text("A=x" + " " * n + "x\n", encoding="utf-8")
        options = Options(env={}, env_file=str(path))

        def run() -> None:
            envfile._read.clear()      # the file is read once per run: time the reading each time
            check(None, name="openclaw.json5", text=b"{}", options=options)
        return run
    assert_linear(run_at, 2000)


def test_a_findings_line_with_combining_marks():
    # Zero-width characters next to a finding: the snippet window summed widths at every step.
    def config(n: int) -> str:
        return ('{ agents: { defaults: { models: { "a/b": { params: { cacheRetention: "nonee" /* '
                + "\u0301" * n + "x" * 200 + " */ } } } } } }")
    assert_linear(lambda n: lint_text(config(n)), 2000)


# --- siblings ---------------------------------------------------------------------------------------

def test_unparsable_text_with_escaped_quotes():
    # `"\"\"\"…`: a quoted key could start at every other character. Timed on the masking of
    # unparsable text itself, where the quadratic term shows at once.
    from oclc.render.snippet import mask_text

    def escaped_quotes(n: int) -> str:
        return '{ "' + '\\"' * (n // 2)

    def run_at(n: int):
        text = escaped_quotes(n)
        return lambda: mask_text(text, None)
    assert_linear(run_at, 2000)
    assert_linear(lambda n: lint_text(escaped_quotes(n)), 2000)


def test_a_fix_replacement_with_a_run_of_backslashes():
    # mask_fragment's own regex backtracked exponentially on backslashes; the JSON and SARIF
    # outputs mask every fix replacement with it.
    from oclc.render.snippet import mask_fragment

    assert_linear(lambda n: (lambda: mask_fragment('token: "' + "\\" * n)), 2000)


def test_an_env_file_value_with_spaces_before_text():
    # `\s+#` (an inline comment) was tried from every space of a long run.
    assert_linear(lambda n: (lambda: envfile.parse_env_text("A=x" + " " * n + "x #c\n")), 2000)


def test_a_placeholder_shaped_secret_with_a_line_break():
    # `xxxx…x\ny` as a credential: the placeholder pattern tried every `xxxx` of the line.
    assert_linear(lambda n: lint_text('{ models: { providers: { p: { baseUrl: "http://x", apiKey: "'
                                      + "x" * n + '\\ny" } } } }'), 2000)


def test_a_long_run_of_digits_as_a_duration():
    # A heartbeat `every` of `1111…1x`: each composite part was searched for in the rest of the text.
    assert_linear(lambda n: lint_text('{ agents: { defaults: { heartbeat: { every: "' + "1" * n + 'x" } } } }'),
                  2000)


def test_many_findings_on_one_long_line():
    # A minified config: every finding's snippet read (and measured) the whole line. Timed on the
    # text output of a result checked before the clock starts.
    def run_at(n: int):
        text = ("{" + "".join(f"k{i}:1," for i in range(n)) + "}").encode()
        result = check(None, name="openclaw.json5", text=text, options=Options(env={}))
        report = file_report(result, result.diagnostics)
        return lambda: render("text", [report], RenderOptions())
    assert_linear(run_at, 100)


def _rule_on(config: str, rule, repeat: int = 1):
    """One rule run as the pipeline runs it (within a file's did-you-mean budget), on a model
    built before the clock starts; `repeat` times, for a quick rule to take long enough to time
    on a model that is quick to build."""
    from oclc.diagnostics.suggest import suggestion_budget

    result = check(None, name="openclaw.json5", text=config.encode(), options=Options(env={}))

    def run() -> None:
        for _ in range(repeat):
            with suggestion_budget():
                list(rule.check(result.model))
    return run


def _auth_order(n: int, listed: str) -> str:
    profiles = {f"anthropic:p{i}": {"provider": "anthropic", "mode": "api_key"} for i in range(n)}
    return json.dumps({"auth": {"profiles": profiles, "order": {"anthropic": [f"anthropic:{listed}{i}" for i in range(n)]}}})


def test_many_unknown_profile_ids_against_many_profiles():
    # Did-you-mean compared each unknown id with every profile: N^2 edit distances.
    from oclc.rules.auth import order_unknown_profile

    assert_linear(lambda n: _rule_on(_auth_order(n, "q"), order_unknown_profile), 50)
    assert_linear(lambda n: lint_text(_auth_order(n, "q"), output="concise"), 50)


def test_many_known_profile_ids_in_auth_order():
    # Each listed id was looked for in a list of every profile id.
    from oclc.rules.auth import order_unknown_profile

    assert_linear(lambda n: _rule_on(_auth_order(n, "p"), order_unknown_profile, repeat=10), 4000)


def test_a_fallback_list_of_many_distinct_providers():
    # Each provider of the chain scanned the chain again. Timed on resolving a loaded config.
    from oclc.resolve import ResolveOptions, resolve

    def run_at(n: int):
        fallbacks = [f"p{i}/m" for i in range(n)]
        text = json.dumps({"agents": {"defaults": {"model": {"primary": "anthropic/x", "fallbacks": fallbacks}}}})
        loaded = check(None, name="openclaw.json5", text=text.encode(), options=Options(env={})).loaded
        return lambda: resolve(loaded, ResolveOptions(env={}))
    assert_linear(run_at, 50)


def test_a_long_legacy_agents_list():
    # Converting agents.list moved each agent's origins with a pass over every table, and each
    # path was then matched against every move. Timed on reading and loading, where that happens.
    from oclc.load.model import LoadOptions
    from oclc.load import load
    from oclc.json5.parser import parse
    from oclc.source import Source

    def run_at(n: int):
        text = json.dumps({"agents": {"list": [{"id": f"a{i}", "model": "anthropic/claude-sonnet-4-6"}
                                               for i in range(n)]}})
        return lambda: load(parse(Source("openclaw.json5", text)), LoadOptions(env={}))
    assert_linear(run_at, 200)
