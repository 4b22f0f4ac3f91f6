import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))



def _corpus_line() -> str | None:
    from fixturelib import SHARED

    corpus = SHARED / "corpus"
    if corpus.is_dir():
        return None
    return (f"shared corpus not found at {corpus} (set OCLC_SHARED to point at one): the real-world "
            "corpus checks were skipped, everything else ran")


def pytest_terminal_summary(terminalreporter):
    # One line, even under -q, saying that the optional corpus checks did not run.
    line = _corpus_line()
    if line:
        terminalreporter.write_line(line, yellow=True)
