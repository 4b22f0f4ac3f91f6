"""OC9xx: findings about oclc itself: its directives (inline suppressions), its limits, its bugs."""

from __future__ import annotations

from . import ERROR, WARNING
from .registry import declare

UNUSED_SUPPRESSION = declare(
    "OC901", "unused-suppression", WARNING, "An `oclc: ignore` comment suppresses nothing.",
    """A suppression comment names a code that is not reported where the comment applies: the
problem was fixed, the comment drifted away from its line, or the code is mistyped. A stale
suppression would silently hide the next real problem at that place.

`// oclc: ignore[CODE] reason` applies to findings on its own line when it follows code there,
and to the next line with code when it stands on a line of its own. `// oclc: ignore-file[CODE]`
applies to the whole file.

Example:
    // oclc: ignore[OC401] we keep the legacy TTL until the gateway upgrade
    gateway: { port: 18789 },     // nothing on this line is OC401

Fix: remove the comment, or move it to the line of the finding.""",
)
INVALID_SUPPRESSION = declare(
    "OC902", "invalid-suppression", WARNING, "An `oclc:` comment oclc cannot read or apply.",
    """Comments starting with `oclc:` are directives. They take the form
`oclc: ignore[OC401]` or `oclc: ignore-file[OC401, OC301]` (codes separated by commas, an
optional reason after the brackets). A directive with another word, no codes, or an unknown code
does nothing, and this finding says so.

Errors that make OpenClaw refuse the config (OC1xx/OC2xx errors) cannot be suppressed: OpenClaw
refuses the config whatever a comment says.

Example:
    // oclc: ignore OC401        <- the codes must be in brackets: ignore[OC401]

Fix: correct the directive, or remove it.""",
)
LIMIT_EXCEEDED = declare(
    "OC903", "limit-exceeded", ERROR, "The config is past one of oclc's own limits; it was not fully checked.",
    """oclc bounds the work one config can cause, so that a hostile or broken file cannot hang a
pre-commit hook or a CI job: objects and arrays nest at most 256 levels deep, integers have at
most 4,300 decimal digits (3,571 hexadecimal: no more than 4,300 once printed), and `$include`
reads at most 1,000 files, 32 MiB of text and 250,000 values per config (every repeat counts).
No real OpenClaw config comes near these limits. OpenClaw itself may accept such a file, so this
is not one of the errors that predict OpenClaw refusing the config; oclc stops checking it.

Example:
    { "$include": ["./a.json5", "./a.json5", ... 1,001 times] }

Fix: include each file once, and flatten deep structures.""",
)
INTERNAL_ERROR = declare(
    "OC904", "internal-error", ERROR, "oclc failed while checking this file (a bug in oclc).",
    """oclc met an error it did not expect while checking this file, so the file was not checked.
The run exits with code 2 and says so on standard error too (`OCLC_DEBUG=1` prints the
traceback); the other files are checked and reported as usual. This finding stands in the
report so that no format (SARIF, JUnit, JSON) can pass the file over as clean. It cannot be
ignored or suppressed.

Example:
    oclc lint configs/
    # configs/b/openclaw.json5: OC904 error: oclc could not check this file: it failed with ...

Fix: report it, with the file if you can share it; meanwhile check the file by hand.""",
)
