"""The documented Python API, each call in a fresh interpreter (as a user's script would run it),
from a folder outside the repository."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run_python(code: str, cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_loads_and_parse_error(tmp_path):
    out = run_python("""
        import json, oclc
        print(json.dumps(oclc.loads("{a: 1, // note\\n b: [0x10, 'x',], }")))
        try:
            oclc.loads("{a: ")
        except oclc.ParseError as error:
            print(error.line, error.column, error.message)
        """, tmp_path)
    first, second = out.splitlines()
    assert json.loads(first) == {"a": 1, "b": [16, "x"]}
    assert second == "1 5 unexpected end of input: '{' at 1:1 is never closed (expected a value for the key \"a\")"


def test_check_a_file_and_a_text(tmp_path):
    broken = EXAMPLES / "broken.openclaw.json5"
    out = run_python(f"""
        import json, oclc
        print(json.dumps(oclc.check({str(broken)!r}, env={{}})))
        print(json.dumps(oclc.check(text="{{gateway: {{mode: 'local'}}, nope: 1}}", name="inline.json5", env={{}})))
        """, tmp_path)
    from_file, from_text = (json.loads(line) for line in out.splitlines())
    assert from_file["valid"] is False and from_file["openclaw"] == "2026.9.6"
    assert ("OC401", 34, 35) in {(d["code"], d["line"], d["column"]) for d in from_file["diagnostics"]}
    assert from_text["source"] == "inline.json5" and from_text["valid"] is False
    assert [(d["code"], d["path"], d["line"], d["column"]) for d in from_text["diagnostics"]] == [
        ("OC201", ["nope"], 1, 28)]


def test_compile_returns_the_compiled_document(tmp_path):
    example = EXAMPLES / "openclaw.json5"
    out = run_python(f"""
        import json, oclc
        print(json.dumps(oclc.compile({str(example)!r}, env_file={str(EXAMPLES / 'example.env')!r}, env={{}})))
        """, tmp_path)
    document = json.loads(out)
    assert document["valid"] is True
    assert sorted(document["agents"]) == ["research", "support"]
    assert document["agents"]["support"]["models"]["anthropic/claude-sonnet-4-6"]["cacheRetention"]["value"] == "long"
    assert "sk-ant-" not in out


def test_check_needs_exactly_one_input(tmp_path):
    out = run_python("""
        import oclc
        for kwargs in ({}, {"path": "a.json5", "text": "{}"}):
            try:
                oclc.check(**kwargs)
            except TypeError as error:
                print(error)
        """, tmp_path)
    assert out.splitlines() == ["give either a path or text="] * 2


def test_results_mask_secrets_and_say_when_oclc_cannot_tell(tmp_path):
    token = "sk-ant-api03-" + "a" * 40
    out = run_python(f"""
        import json, oclc
        print(json.dumps(oclc.check(text='{{agents: {{defaults: {{model: "{token}"}}}}}}', env={{}})))
        print(json.dumps(oclc.check(text="{{gateway: {{port: 0x{'f' * 3600}}}}}", env={{}})["valid"]))
        print(json.dumps(oclc.compile(text="{{gateway: {{port: 1e400}}}}", env={{}})["config"]["gateway"]))
        try:
            oclc.check(text="{{}}", env_file="missing.env")
        except ValueError as error:
            print(error)
        """, tmp_path)
    masked, limit, infinite, env_error = out.splitlines()
    assert token not in masked and "<redacted>" in masked
    assert limit == "null"                                          # stopped at oclc's limit: cannot say
    assert json.loads(infinite) == {"port": None}                   # as `oclc compile` writes Infinity
    assert env_error == "cannot read the env file missing.env: no such file"
