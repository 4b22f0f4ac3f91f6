"""OC1xx: reading, syntax, `$include`, env substitution and load-time migrations."""

from __future__ import annotations

from ..diagnostics import ERROR, INFO, WARNING, Diagnostic, Related, describe_type
from ..diagnostics.registry import declare


def needs_walk(text: str) -> bool:
    """Whether a file's value can hold anything the `$include` step changes. A text without the
    letters of `include` or `__proto__` (escapes cannot hide letters from both) has no directive,
    so the walk, the one cost proportional to the config's size there, is skipped (and, for the
    main file, so is importing the step)."""
    return "include" in text or "__proto__" in text or "\\u" in text or "\\x" in text


# --- reading and syntax -------------------------------------------------------------------------

SYNTAX = declare(
    "OC101", "syntax-error", ERROR, "The file is not valid JSON5.",
    """OpenClaw parses its config as JSON5 (strict JSON first, then JSON5). A file that neither
accepts is refused as a whole, and nothing else is checked. An empty file, or one with only
whitespace or comments, is also a syntax error: OpenClaw does not treat it as an empty config.

Example:
    { gateway: { port: 18789 }   // the closing brace is missing

Fix: correct the syntax at the position shown.""",
)
NOT_FOUND = declare(
    "OC102", "file-not-found", ERROR, "The config file does not exist or cannot be read.",
    """The path given does not name a readable file. OpenClaw reports "file not found" and refuses to
start.

Example:
    oclc lint ./openclaw.json5
    # in a directory that only has openclaw.json: "no such file", exit code 2

A directory that `oclc lint DIR` cannot list (no read permission) is reported the same way, on the
directory: configs in it could not be checked, so the run fails (exit code 2) rather than passing.

Fix: check the path, or create the config with `openclaw onboard`.""",
)
NOT_A_FILE = declare(
    "OC103", "not-a-file", ERROR, "The path is a FIFO, socket, device or kernel file, not a regular file.",
    """oclc reads only regular files, and never opens a FIFO or a device (it could block forever). Nor
does it read anything under /proc, /sys or /dev, even what looks like a regular file there: those
are live views of the machine (/proc/self/environ is the environment, with the CI job's secrets),
never configs.

Example:
    oclc lint <(ssh gateway cat .openclaw/openclaw.json5)
    # /dev/fd/63 is a pipe, so oclc refuses it; pipe the text into `oclc lint -` instead

Fix: name the config file itself.""",
)
NOT_UTF8 = declare(
    "OC104", "not-utf8", ERROR, "The file is not UTF-8 text.",
    """OpenClaw reads its config as UTF-8. A file saved as UTF-16 (for example by some Windows editors)
or containing bytes that are not UTF-8 cannot be read.

Example:
    oclc lint openclaw.json5
    # the file was saved as "Unicode" (UTF-16) by a Windows editor: refused, exit code 1

Fix: save the file as UTF-8 (a UTF-8 byte order mark is fine).""",
)
TOO_LARGE = declare(
    "OC105", "file-too-large", ERROR, "The file is larger than the configured limit.",
    """oclc refuses files over its size limit (16 MiB by default) instead of spending minutes on them.

Example:
    oclc lint --max-file-size 64K openclaw.json5
    # a 100 KB config (say, with a large pasted log in a comment) is refused, exit code 2

Fix: raise the limit with `--max-file-size`, or check that the right file was named.""",
)
ROOT_NOT_OBJECT = declare(
    "OC106", "root-not-object", ERROR, "The config's top-level value is not an object.",
    """The whole config must be one JSON5 object `{ ... }`. An array, string, number or null at the top
is refused by OpenClaw.

Example:
    [ { "gateway": {} } ]

Fix: make the top-level value an object.""",
)
OUTSIDE_TREE = declare(
    "OC108", "link-outside-tree", ERROR,
    "A config found in a searched directory is a symlink to a file outside that directory.",
    """`oclc lint DIR` checks the configs inside DIR. A config name there that is a symbolic link
leading out of DIR is not followed: the repository being checked decides where its links point,
and a link to `/proc/self/environ` or to a file in the CI runner's home would otherwise be read and
quoted in the report. The file is not opened; like a file that cannot be read, it makes the exit
code 2. (A file named on the command line is read wherever its links lead, except under /proc,
/sys and /dev, see OC103.)

Example:
    openclaw.env.json5 -> /proc/self/environ
    # oclc lint . : "openclaw.env.json5: OC108 error: is a symbolic link to a file outside the
    # directory being linted (.); it was not read"

Fix: remove the link, or replace it with the file itself; or name the file on the command line
if you mean to check it.""",
)
DUPLICATE_KEY = declare(
    "OC107", "duplicate-key", WARNING, "A key appears twice in one object; the last one wins.",
    """JSON5 allows repeating a key, and OpenClaw silently keeps the last value. The earlier value is
dead text that a reader may believe is in force.

Example:
    gateway: { port: 18789, port: 19000 }   // 19000 is used

Fix: remove the earlier occurrence.""",
)

# --- $include -------------------------------------------------------------------------------------

INCLUDE_NOT_FOUND = declare(
    "OC110", "include-not-found", ERROR, "An `$include` names a file that cannot be read.",
    """`$include` paths are relative to the file that contains them. A missing file makes OpenClaw
refuse the whole config. Environment variables are not expanded in `$include` paths.

Example:
    { "$include": "./agents.json5" }   // there is no agents.json5 next to this file

Fix: correct the path, or create the file.""",
)
INCLUDE_ESCAPES = declare(
    "OC111", "include-outside-root", ERROR, "An `$include` points outside the config directory.",
    """Included files must lie inside the main config's directory (after resolving `..` and
symlinks), or inside a directory listed in OPENCLAW_INCLUDE_ROOTS.

Example:
    { "$include": "../shared/base.json5" }   // the config is in gateway/; shared/ is beside it

Fix: move the file under the config directory, or add its directory to OPENCLAW_INCLUDE_ROOTS.""",
)
INCLUDE_CYCLE = declare(
    "OC112", "include-cycle", ERROR, "`$include` files include each other in a cycle.",
    """A file that is already being included (the main config too) cannot be included again further
down the chain.

Example:
    // openclaw.json5
    { "$include": "./agents.json5" }
    // agents.json5
    { "$include": "./openclaw.json5" }   // openclaw.json5 -> agents.json5 -> openclaw.json5

Fix: break the cycle.""",
)
INCLUDE_DEPTH = declare(
    "OC113", "include-too-deep", ERROR, "`$include` is nested more than 10 levels deep.",
    """OpenClaw follows at most 10 nested levels of `$include`.

Example:
    { "$include": "./level1.json5" }   // level1 includes level2, and so on down to level11

Fix: flatten the include chain.""",
)
INCLUDE_SYNTAX = declare(
    "OC114", "include-syntax-error", ERROR, "An included file is not valid JSON5.",
    """OpenClaw reports only that the included file failed to parse; oclc shows where.

Example:
    agents: { "$include": "./agents.json5" }   // agents.json5 is missing its closing brace

Fix: correct the syntax in the included file.""",
)
INCLUDE_INVALID = declare(
    "OC115", "include-invalid", ERROR, "An `$include` value or its content has the wrong shape.",
    """`$include` takes a path string or an array of path strings. When the object that holds it has
other keys too, the included content must be an object (the other keys are merged over it).
Included files must be regular files (not a directory, FIFO, socket or device, nor anything
under /proc, /sys or /dev: oclc refuses those without opening them) with a single link (OpenClaw
rejects hard-linked files) and at most 2 MiB; paths may not contain NUL characters or be 4,096
characters or longer.

oclc also stops an include bomb: per config it reads at most 1,000 included files, 32 MiB of
included text and 250,000 included values, counting every repeat (a file included ten times
counts ten times; OpenClaw has no such limit, but no real config comes near it), and the config
with every include spliced in may nest at most 256 levels deep, like a single file.

Example:
    { "$include": "./base.json5", gateway: { port: 19000 } }   // base.json5 holds [1, 2]

Fix: use a string or an array of strings; include an object when there are sibling keys.""",
)

# --- env ------------------------------------------------------------------------------------------

ENV_MISSING = declare(
    "OC120", "env-var-missing", WARNING, "A `${VAR}` names a variable that is unset or empty.",
    """OpenClaw leaves the `${VAR}` text as it is and warns that the feature using it will be
unavailable. oclc checks against the gateway's environment as it was given (`--env-file`,
`<state-dir>/.env`, or its own with `--env-from-process`); without one, whether a variable is set
is unknown and OC125 says so once instead. The gateway may read more (`.env` files in its
working directory), so this is a warning.

Example:
    gateway: { auth: { mode: "token", token: "${OPENCLAW_GATEWAY_TOKEN}" } }   // variable not set

Fix: set the variable, or define it under `env.vars` in the config.""",
)
ENV_MISSING_REFUSED = declare(
    "OC126", "env-var-missing-refused", ERROR,
    "A `${VAR}` names an unset variable, and the target OpenClaw release refuses the config for it.",
    """Before 2026.3.31, OpenClaw refused to load a config in which a `${VAR}` names a variable that
is unset or empty ("Missing env var"); later releases keep the text and only warn (OC120). Which
behaviour applies is a probed fact of each release (oclc/releases/<release>/release.json).
oclc reports it only when it knows the gateway's environment (`--env-file`, or an environment
given to the API): the linting machine's own variables say nothing about the gateway's.

Example (target 2026.2.26):
    gateway: { auth: { mode: "token", token: "${OPENCLAW_GATEWAY_TOKEN}" } }   // variable not set

Fix: set the variable in the gateway's environment, or define it under `env.vars`.""",
)
ENV_IN_NON_STRING = declare(
    "OC121", "env-var-in-non-string", WARNING,
    "`${VAR}` used where a number or boolean is required; substitution always gives a string.",
    """OpenClaw substitutes `${VAR}` into strings only, and never converts the result: `port: "${PORT}"`
becomes the string "18789", which the schema refuses. oclc flags a value that is exactly one
`${VAR}` under a key that is always a number or a boolean (port, enabled, maxTokens, ...). Where
OpenClaw's own type check already refuses the value, only that error is reported, with this
cause as its help.

Example:
    gateway: { port: "${OPENCLAW_GATEWAY_PORT}" }   // a string, even when the variable is 18789

Fix: write the value itself, or set it through a key that takes a string.""",
)
ENV_BLOCKED = declare(
    "OC122", "env-entry-ignored", WARNING, "An entry of the config's `env` block is ignored.",
    """OpenClaw copies `env.vars` (and other string entries of `env`) into the process environment,
but skips names it blocks, names that are not portable environment names (letters, digits and
`_`, not starting with a digit), blank values and values that refer to a variable (`${NAME}`).
Blocked are OpenClaw's own switches (OPENCLAW_INCLUDE_ROOTS, OPENCLAW_CONFIG_READONLY,
OPENCLAW_ALLOW_OLDER_BINARY_DESTRUCTIVE_ACTIONS) and its list of dangerous host variables:
loader and interpreter hooks (LD_*, DYLD_*, NODE_OPTIONS, PYTHONPATH, ...), tool settings
(GIT_SSH_COMMAND, PIP_INDEX_URL, HTTP_PROXY, ...) and credentials of other tools (GITHUB_TOKEN,
AWS_SECRET_ACCESS_KEY, ...). PATH is not blocked. OpenClaw skips these silently; oclc says so.

Example:
    env: { vars: { LD_PRELOAD: "/tmp/x.so", CHAINED: "${OTHER}" } }   // both ignored

Fix: remove the entry, or set the variable in the gateway's real environment.""",
)

ENV_LITERAL = declare(
    "OC123", "env-ref-not-substituted", WARNING,
    "A `${...}` that looks like a variable but that OpenClaw leaves as literal text.",
    """OpenClaw substitutes only `${NAME}` where NAME is upper-case letters, digits and `_`. A lower-case
name (`${openai_key}`) or shell syntax (`${PORT:-18789}`) is not substituted and silently stays
in the value as written; OpenClaw gives no warning.

Example:
    apiKey: "${openai_api_key}"   // the key is literally the text ${openai_api_key}

Fix: use an upper-case variable name, and write the default into env.vars instead of `:-`.""",
)
ENV_SHADOWED = declare(
    "OC124", "env-entry-shadowed", INFO,
    "An `env` block entry is not used because the real environment already sets the variable.",
    """The real environment always wins over the config's `env` block: OpenClaw only fills in
variables that are unset or blank. oclc compares with the gateway's environment as it was given
(`--env-file`, `<state-dir>/.env`, `--env-from-process`).

Example:
    env: { vars: { OLLAMA_HOST: "http://127.0.0.1:11434" } }
    // while the gateway's environment already has OLLAMA_HOST=http://gpu-box:11434, which wins

Fix: remove the entry, or unset the variable in the environment if the config should decide.""",
)

# --- load-time migrations -------------------------------------------------------------------------

MIGRATED_ROSTER = declare(
    "OC130", "legacy-agents-list", WARNING,
    "`agents.list` is the retired roster form; OpenClaw converts it to `agents.entries`.",
    """OpenClaw 2026.9.6 converts `agents.list: [{id, ...}]` to `agents.entries: {<id>: {...}}` when it
loads the config, and turns a single `default: true` marker into per-surface owners. The
conversion is all-or-nothing: it needs every id to be a unique, trimmed, lower-case agent id.

Example:
    agents: { list: [ { id: "main", model: "anthropic/claude-sonnet-4-6" } ] }
    // becomes  agents: { entries: { main: { model: "anthropic/claude-sonnet-4-6" } } }

Fix: write `agents.entries` keyed by agent id (`oclc lint --fix` does it).""",
)
MIGRATED_CONTEXT = declare(
    "OC131", "legacy-context-budget", WARNING,
    "A context-budget key that OpenClaw moves or drops when it loads the config.",
    """`contextTokens`/`contextWindow` on a provider are copied into each of its model rows and removed;
`contextTokens` on `agents.defaults` or an agent entry is removed (it cannot be represented per
model).

Example:
    agents: { defaults: { contextTokens: 200000 } }   // removed on load: it has no effect

Fix: set `contextTokens`/`contextWindow` on `models.providers.<id>.models[]` rows.""",
)
MIGRATED_DEFAULT_MARKER = declare(
    "OC132", "legacy-default-marker", WARNING,
    "A retired `default: true` agent marker that OpenClaw removes when it loads the config.",
    """A single `default: true` marker is removed at load time; in a multi-agent roster it is turned into
explicit owners (system agent, heartbeat, auth inheritance, Talk).

Example:
    agents: { entries: { main: { default: true }, work: {} } }
    // main becomes the system, heartbeat and Talk owner, then the marker is removed

Fix: set `agents.ownership: "explicit"` and the owners you want, and remove the marker.""",
)


def read_error(name: str, exc) -> Diagnostic:
    rule = {
        "not-found": NOT_FOUND,
        "unreadable": NOT_FOUND,
        "not-a-file": NOT_A_FILE,
        "not-utf8": NOT_UTF8,
        "too-large": TOO_LARGE,
        "outside-tree": OUTSIDE_TREE,
    }[exc.kind]
    text = getattr(exc, "text", None)
    if text is not None and exc.offset is not None:
        from ..source import Source

        offset = exc.offset
        if text.startswith("\ufeff"):
            text, offset = text[1:], offset - 1
        offset = min(max(offset, 0), len(text))
        span = Source(name=name, text=text).span(offset, min(offset + 1, len(text)))
        return rule.diagnostic(exc.message, file=name, span=span)
    return rule.diagnostic(exc.message, file=name)


def syntax_error(source, exc, *, included_from: str | None = None) -> Diagnostic:
    """A ParseError as a diagnostic: bad syntax (in the config, or in a file it includes), or one
    of oclc's own limits, which says nothing about OpenClaw's verdict."""
    from ..diagnostics.meta import LIMIT_EXCEEDED
    from ..source import not_json5_reason

    offset = min(max(exc.offset, 0), len(source.text))
    end = min(offset + 1, len(source.text))
    if getattr(exc, "limit", False):
        rule = LIMIT_EXCEEDED
    else:
        rule = SYNTAX if included_from is None else INCLUDE_SYNTAX
    notes = (f"included from {included_from}",) if included_from else ()
    reason = not_json5_reason(source.text)
    if reason is not None:
        # Renderers do not quote such a file (oclc.render.file_report): say why there is no snippet.
        notes += (f"the file does not look like a JSON5 config ({reason}), so none of it is shown",)
    message, help = exc.message, None
    if rule is not LIMIT_EXCEEDED:
        conflict = _conflict_marker_at(source.text, offset)
        if conflict is not None:
            # "found '<'" is true but says nothing: the parser stopped at a git merge conflict.
            message = (f"unresolved git merge conflict: the file still holds the conflict marker "
                       f"`{conflict}`, which is not JSON5")
            help = "keep one side of the conflict, then remove the <<<<<<<, ======= and >>>>>>> lines"
            end = offset + len(conflict)
    return rule.diagnostic(message, file=source.name, span=source.span(offset, end), notes=notes, help=help)


def _conflict_marker_at(text: str, offset: int) -> str | None:
    """The git conflict marker line the parser stopped at (`<<<<<<< HEAD`), if it stopped at one:
    seven `<`, `=`, `>` or `|` at the start of a line."""
    if offset != 0 and text[offset - 1:offset] not in ("\n", "\r"):
        return None
    import re

    match = re.compile(r"(?:<{7}|={7}|>{7}|\|{7})(?=[ \t\r\n]|$)[^\r\n]*").match(text, offset)
    return match.group(0).rstrip() if match else None


def duplicate_keys(document) -> list[Diagnostic]:
    found = []
    for dup in document.duplicates:
        key = dup.path[-1]
        found.append(DUPLICATE_KEY.diagnostic(
            f"duplicate key {key!r}: this value replaces the one on line {dup.first.line}",
            file=document.source.name, span=dup.second, path=dup.path,
            notes=(f"first defined at line {dup.first.line}, column {dup.first.column}",),
            related=(Related(document.source.name, dup.first, f"{key!r} first defined here"),),
        ))
    return found


def root_not_object(document) -> Diagnostic:
    return ROOT_NOT_OBJECT.diagnostic(
        f"the config must be an object, not {describe_type(document.value)}",
        file=document.source.name, span=document.values.get(()), path=(),
    )


# INFO is imported for families that declare informational rules; keep the name exported.
__all__ = ["INFO"]
