"""The oracle parity cases: every config with a verdict from the real OpenClaw validator.

Four sources:
  corpus    shared/corpus/configs/<name>, verdict in shared/corpus/oracle/<name>.json
  oracle    tests/data/oracle-cases/NNN-name.json5, verdict (and env_extra) in NNN-name.out.json
  fixture   tests/fixtures/**/<name>.json5, verdict from the live oracle via oclc.oracle, cached in
            tests/oracle_cache/ (keyed by content + includes + env), so CI needs the oracle only
            for new or changed fixtures.
  repaired  each refused corpus config (without $include), with everything the oracle named
            removed, round after round, until it is accepted or refused for something that
            removing cannot fix. OpenClaw stages its checks (refinements only run on clean
            objects, post-schema checks only on schema-valid configs), so most of the corpus never
            reaches them; the repaired configs do. They are rebuilt from the corpus on every run
            (nothing derived is committed); each round's verdict is cached like a fixture's.

Known differences that are proven quirks of the oracle (or of the recorded run) are listed in
ALLOWED_DIFFERENCES with the proof; everything else must agree.
"""
from __future__ import annotations

import copy
import functools
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from oclc.oracle import Oracle, OracleRequest, OracleUnavailable, normalize_verdict, parity
from oclc.pipeline import FileResult, Options, check

from fixturelib import ORACLE_CASES, REFERENCE_TARGET, SHARED  # noqa: E402  (repo/../shared, or $OCLC_SHARED)
CORPUS = SHARED / "corpus"
TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
ORACLE_CACHE = TESTS / "oracle_cache"

# case id -> why oclc is allowed to differ from the recorded verdict. Only proven quirks belong
# here: each entry says what the oracle did and why oclc's answer is the better prediction.
ALLOWED_DIFFERENCES: dict[str, str] = {
    # oclc's resource limits (tests/fixtures/hostile): past them oclc stops checking (OC903, an
    # error that does not predict OpenClaw's verdict), so the verdicts can differ.
    "fixture/hostile/nesting-too-deep.json5":
        "OpenClaw parses 300 nested arrays and then refuses `tools` (an array, not an object); oclc "
        "stops at its nesting limit of 256 levels (OC903) while parsing, so it never validates `tools`.",
    "fixture/hostile/not-utf8.json5":
        "OpenClaw decodes the Latin-1 byte as U+FFFD and then refuses gateway.mode \"caf\\ufffd\"; oclc "
        "refuses bytes that are not UTF-8 (OC104) before parsing. Both refuse the config.",
}


@dataclass
class Case:
    id: str                      # "corpus/<name>", "oracle/<NNN-name>", "fixture/<area>/<name>"
    config: Path
    env: dict[str, str]
    verdict: Callable[[], dict[str, Any]]   # lazily: fixtures may need the live oracle
    state_dir: str | None = None
    group: str = field(init=False)
    # repaired configs: the rounds before the last one, (config file, verdict), filled by verdict()
    earlier: list[tuple[Path, dict[str, Any]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.group = self.id.split("/", 1)[0]

    def run_oclc(self) -> FileResult:
        return check(str(self.config), options=Options(env=dict(self.env), state_dir=self.state_dir,
                                                        **REFERENCE_TARGET))


def _load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def corpus_cases() -> list[Case]:
    cases = []
    for config in sorted((CORPUS / "configs").iterdir()) if (CORPUS / "configs").is_dir() else ():
        verdict_file = CORPUS / "oracle" / f"{config.name}.json"
        if config.is_file() and verdict_file.exists():
            cases.append(Case(f"corpus/{config.name}", config, {},
                              lambda f=verdict_file: normalize_verdict(_load(f))))
    return cases


def oracle_cases() -> list[Case]:
    cases = []
    for out in sorted(ORACLE_CASES.glob("*.out.json")):
        record = _load(out)
        if not record.get("config_file") or not (ORACLE_CASES / record["config_file"]).exists():
            continue  # case 120: the config file is missing on purpose
        config = ORACLE_CASES / record["config_file"]
        raw = record["json"]["stdout_json"]
        cases.append(Case(f"oracle/{record['case']}", config, dict(record.get("env_extra") or {}),
                          lambda raw=raw: normalize_verdict(raw)))
    return cases


def fixture_cases(oracle: Oracle | None = None, allow_run: bool = True) -> list[Case]:
    from fixturelib import fixture_files, fixture_options

    oracle = oracle or Oracle(ORACLE_CACHE)
    cases = []
    for config in fixture_files():
        options = fixture_options(config)
        env = dict(options.env or {})

        def verdict(config=config, env=env) -> dict[str, Any]:
            return oracle.verdict(config, env, allow_run=allow_run)

        cases.append(Case(f"fixture/{config.relative_to(FIXTURES)}", config, env, verdict, options.state_dir))
    return cases


def example_cases(oracle: Oracle | None = None, allow_run: bool = True) -> list[Case]:
    """The bundled examples, with the stand-in environment the README lints them with."""
    from oclc.load.envfile import read_env_file

    oracle = oracle or Oracle(ORACLE_CACHE)
    examples = TESTS.parent / "examples"
    env = read_env_file(str(examples / "example.env"))
    cases = []
    for config in sorted(examples.glob("*.json5")):
        def verdict(config=config) -> dict[str, Any]:
            return oracle.verdict(config, env, allow_run=allow_run)

        cases.append(Case(f"example/{config.name}", config, env, verdict))
    return cases


REPAIR_ROUNDS = 4
_repaired_dir: Path | None = None


def repaired_dir() -> Path:
    """A scratch folder of this process for the repaired configs (never shared between runs)."""
    global _repaired_dir
    if _repaired_dir is None:
        import atexit
        import shutil

        _repaired_dir = Path(tempfile.mkdtemp(prefix="oclc-repaired-"))
        atexit.register(shutil.rmtree, _repaired_dir, ignore_errors=True)
    return _repaired_dir


def _member_path(value: Any, dotted: str) -> list | None:
    """The segments of an oracle dot path in `value` (keys may contain dots: match greedily)."""
    if dotted == "<root>":
        return []
    parts, segments, current, i = dotted.split("."), [], value, 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            key = ".".join(parts[i:j])
            if isinstance(current, dict) and key in current:
                segments.append(key)
                current, i = current[key], j
                break
            if isinstance(current, list) and key.isdigit() and int(key) < len(current):
                segments.append(int(key))
                current, i = current[int(key)], j
                break
        else:
            return None
    return segments


_REMOVED = object()


def repair_step(config: dict, issues: list[dict]) -> bool:
    """Remove (or, for the ownership rule, add) what each issue names; False when nothing changed."""
    changed = False
    for issue in issues:
        message = issue["message"]
        if message.startswith("multi-agent rosters require"):
            agents = config.get("agents")
            if isinstance(agents, dict) and agents.get("ownership") != "explicit":
                agents["ownership"] = "explicit"
                changed = True
            continue
        segments = _member_path(config, issue["path"])
        if segments is None:
            continue
        unknown = re.match(r"Unrecognized keys?: (.*)$", message) or \
            re.search(r"must not have additional properties: (.*)$", message)
        parent = config
        for segment in segments[:-1] if not unknown else segments:
            parent = parent[segment]
        if unknown:
            for key in re.findall(r'"([^"]+)"', unknown.group(1)):
                if isinstance(parent, dict) and key in parent:
                    del parent[key]
                    changed = True
        elif segments:
            last = segments[-1]
            if isinstance(parent, dict) and last in parent:
                del parent[last]
                changed = True
            elif isinstance(parent, list) and parent[last] is not _REMOVED:
                parent[last] = _REMOVED  # keep this round's indices valid
                changed = True
    return changed


def _without_removed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_removed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_removed(v) for v in value if v is not _REMOVED]
    return value


def repaired_cases(oracle: Oracle | None = None, allow_run: bool = True) -> list[Case]:
    from oclc.json5.parser import ParseError, loads

    oracle = oracle or Oracle(ORACLE_CACHE)
    cases = []
    for case in corpus_cases():
        verdict = case.verdict()
        if verdict["valid"] is not False:
            continue
        try:
            config = loads(case.config.read_text(encoding="utf-8-sig"))
        except (ParseError, UnicodeDecodeError):
            continue
        if not isinstance(config, dict) or '"$include"' in json.dumps(config):
            continue
        name = case.config.name
        repaired = Case(f"repaired/{name}", repaired_dir() / f"{name}.json", {}, lambda: {})
        repaired.verdict = functools.partial(_repair, repaired, config, verdict, oracle, allow_run)
        cases.append(repaired)
    return cases


_ROUND_KEYS: set[str] = set()


def repaired_round_keys() -> set[str]:
    """The cache keys of every repair round (to keep them when pruning the cache)."""
    for case in repaired_cases(allow_run=False):
        try:
            case.verdict()
        except OracleUnavailable:
            pass
    return set(_ROUND_KEYS)


def _repair(case: Case, config: dict, verdict: dict, oracle: Oracle, allow_run: bool) -> dict[str, Any]:
    """Run the repair rounds. Each round's config is kept in its own file; the last one is the
    case's config and its verdict is returned, the earlier ones go to `case.earlier`."""
    config = copy.deepcopy(config)
    rounds: list[tuple[Path, dict[str, Any]]] = []
    for number in range(1, REPAIR_ROUNDS + 1):
        if not repair_step(config, verdict.get("issues") or []):
            break
        config = _without_removed(config)
        round_file = case.config if number == REPAIR_ROUNDS else case.config.with_suffix(f".round{number}.json")
        round_file.write_text(json.dumps(config, indent=1, ensure_ascii=False), encoding="utf-8")
        _ROUND_KEYS.add(OracleRequest(round_file, {}).key())
        verdict = oracle.verdict(round_file, {}, allow_run=allow_run)
        rounds.append((round_file, verdict))
        if verdict["valid"] is not False:
            break
    if not rounds:
        return {"valid": None, "error": "nothing the oracle named could be removed"}
    last_file, last_verdict = rounds.pop()
    if last_file != case.config:
        case.config.write_bytes(last_file.read_bytes())
    case.earlier = rounds
    return last_verdict


def all_cases(allow_run: bool = True) -> list[Case]:
    return (corpus_cases() + oracle_cases() + fixture_cases(allow_run=allow_run)
            + example_cases(allow_run=allow_run) + repaired_cases(allow_run=allow_run))


@dataclass
class Outcome:
    case: Case
    oracle_valid: bool | None
    oclc_valid: bool | None
    uncovered: list[dict[str, str]]
    error: str | None = None       # the oracle had no verdict / oclc crashed
    round: str | None = None       # repaired configs: the round that differs, when not the last

    @property
    def agrees(self) -> bool:
        return self.error is None and self.oracle_valid == self.oclc_valid and not self.uncovered

    @property
    def allowed(self) -> bool:
        return self.case.id in ALLOWED_DIFFERENCES


def evaluate(case: Case) -> Outcome:
    try:
        verdict = case.verdict()
    except OracleUnavailable as exc:
        return Outcome(case, None, None, [], f"no oracle verdict: {exc}")
    if verdict.get("valid") is None:
        return Outcome(case, None, None, [], f"oracle gave no verdict: {verdict.get('error')}")
    for round_file, round_verdict in case.earlier:   # a repaired config's earlier rounds first
        found = parity(check(str(round_file), options=Options(env=dict(case.env), **REFERENCE_TARGET)), round_verdict)
        if not found.agrees:
            return Outcome(case, found.oracle_valid, found.oclc_valid, found.uncovered, round=round_file.name)
    result = case.run_oclc()
    found = parity(result, verdict)
    return Outcome(case, found.oracle_valid, found.oclc_valid, found.uncovered)


def describe(outcome: Outcome) -> str:
    if outcome.error:
        return f"{outcome.case.id}: {outcome.error}"
    where = f" ({outcome.round})" if outcome.round else ""
    lines = [f"{outcome.case.id}{where}: oracle says {'valid' if outcome.oracle_valid else 'invalid'}, "
             f"oclc says {'valid' if outcome.oclc_valid else 'invalid'}"]
    lines += [f"    not covered: {i['path']}: {i['message'][:160]}" for i in outcome.uncovered]
    return "\n".join(lines)
