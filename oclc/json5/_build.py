"""Build oclc/json5/_tables.py and oclc/json5/_unicode.py from oclc/json5/grammar.lark (needs lark;
never imported at parse time).

    python -m oclc.json5._build          # rewrite both files
    python -m oclc.json5._build --check  # exit 1 if they are not what the grammar gives

lark turns the grammar into an LALR(1) parse table. This script writes that table as plain
Python data, together with the tokenizer: one regular expression whose alternatives are the
grammar's terminals, each alternative ending in its own capturing group, so that
`match.lastindex` names the token (and, for fused tokens, the kind of scalar and whether a comma
was taken). The action table is indexed by that group number directly.
"""
from __future__ import annotations

import hashlib
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
GRAMMAR = HERE / "grammar.lark"
OUTPUT = HERE / "_tables.py"            # what every parse needs
UNICODE_OUTPUT = HERE / "_unicode.py"   # only for non-ASCII identifiers and for errors

ID_START_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nl"}
ID_CONTINUE_CATEGORIES = ID_START_CATEGORIES | {"Mn", "Mc", "Nd", "Pc"}

# Semantic kinds of a scalar, shared with parser.py.
STRING, INTEGER, OTHER_NUMBER, WORD = 1, 2, 3, 4
SCALAR_TERMINALS = (("DQ_STRING", STRING), ("SQ_STRING", STRING), ("INTEGER", INTEGER),
                    ("OTHER_NUMBER", OTHER_NUMBER), ("WORD", WORD))
PUNCTUATION = (("{", "LBRACE"), ("}", "RBRACE"), ("[", "LSQB"), ("]", "RSQB"), (":", "COLON"),
               (",", "COMMA"))
SEP = r"[ \t\n\r]*"


def _ranges(categories: set[str]) -> str:
    """A regex character-class body for the code points in `categories` (this Python's Unicode)."""
    parts = []
    start = None
    for code in range(0x110000 + 1):
        inside = code <= 0x10FFFF and unicodedata.category(chr(code)) in categories
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            last = code - 1
            parts.append(_escape(start) if start == last else f"{_escape(start)}-{_escape(last)}")
            start = None
    return "".join(parts)


def _escape(code: int) -> str:
    if code < 0x80 and chr(code).isalnum():
        return chr(code)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def expanded_grammar(ascii_only: bool = False) -> str:
    """The grammar with \\p{...} expanded; `ascii_only` keeps only the ASCII part of the classes."""
    text = GRAMMAR.read_text(encoding="utf-8")
    if ascii_only:
        return text.replace(r"\p{ID_Start}", "A-Za-z").replace(r"\p{ID_Continue}", "A-Za-z0-9")
    text = text.replace(r"\p{ID_Start}", _ranges(ID_START_CATEGORIES))
    text = text.replace(r"\p{ID_Continue}", _ranges(ID_CONTINUE_CATEGORIES) + r"\u200c\u200d")
    return text


def _patterns(ascii_only: bool) -> dict[str, str]:
    from lark.load_grammar import GrammarBuilder

    # Terminals used only inside other terminals are folded away by Lark(); ask for them by name.
    builder = GrammarBuilder()
    builder.load_grammar(expanded_grammar(ascii_only), str(GRAMMAR))
    wanted = {name for name, _ in SCALAR_TERMINALS} | {"COMMENT", "WHITESPACE"}
    return {t.name: t.pattern.to_regexp() for t in builder.build().compile(["start"], wanted)[0]}


def build_lark():
    from lark import Lark

    return Lark(expanded_grammar(), parser="lalr", lexer="contextual")


def _tokenizer(patterns: dict[str, str]):
    """(regex source, groups): groups[i] = (terminal, role, scalar kind, scalar group, key group)
    for the group that is `lastindex` when that alternative matched (other entries are None).

    Layout, which parser.py's dispatch relies on (checked by the asserts at the end):
      1 {   2 [   3 }   4 },   5 ]   6 ],   7 :   8 ,
      key: {   key: [   key: scalar[,]   key:   scalar[,]   comment   space   non-ASCII   invalid
    Punctuation comes first because it is half of all tokens and cheap to rule out."""
    source: list[str] = []
    groups: list = [None]  # group numbers start at 1
    key = "(?:{}|{}|{})".format(patterns["DQ_STRING"], patterns["SQ_STRING"], patterns["WORD"])

    def group(entry=None) -> int:
        groups.append(entry)
        return len(groups) - 1

    def scalars(role: str, fused: str, key_group: int | None) -> str:
        alternatives = []
        for name, kind in SCALAR_TERMINALS:
            scalar_group = group()
            comma_group = group()
            plain = {"member": "MEMBER", "scalar": "STRING" if kind == STRING else
                     "NUMBER" if kind in (INTEGER, OTHER_NUMBER) else "WORD"}[role]
            groups[scalar_group] = (plain, role, kind, scalar_group, key_group)
            groups[comma_group] = (fused, role, kind, scalar_group, key_group)
            alternatives.append(f"({patterns[name]})(?:{SEP}(,))?")
        return "|".join(alternatives)

    group(("LBRACE", "open", None, None, None))
    group(("LSQB", "open", None, None, None))
    source += [r"(\{)", r"(\[)"]
    group(("RBRACE", "close", None, None, None))
    group(("RBRACE_C", "close", None, None, None))
    source.append(f"(\\}})(?:{SEP}(,))?")
    group(("RSQB", "close", None, None, None))
    group(("RSQB_C", "close", None, None, None))
    source.append(f"(\\])(?:{SEP}(,))?")
    group(("COLON", "punct", None, None, None))
    group(("COMMA", "punct", None, None, None))
    source += ["(:)", "(,)"]
    # key: {   key: [   key: scalar [,]
    key_group = group()
    group(("KEY_LBRACE", "key_open", None, None, key_group))
    group(("KEY_LSQB", "key_open", None, None, key_group))
    source.append(f"({key}){SEP}:{SEP}(?:(\\{{)|(\\[)|" + scalars("member", "MEMBER_C", key_group) + ")")
    # key:   (before a value that is not right there: a comment, a line separator in between)
    colon_key = group()
    group(("KEY_COLON", "key_colon", None, None, colon_key))
    source.append(f"({key}){SEP}(:)")
    # scalar [,]   (a value, or a key when the parser state says so)
    source.append(scalars("scalar", "SCALAR_C", None))
    group(("COMMENT", "comment", None, None, None))
    source.append(f"({patterns['COMMENT']})")
    group(("WHITESPACE", "space", None, None, None))
    source.append(f"({patterns['WHITESPACE']})")
    # A non-ASCII character that starts no other token. With ASCII-only identifiers it may begin
    # an identifier: parser.py then switches to the full Unicode tokenizer. (An ASCII identifier
    # that runs into a non-ASCII letter stops there, and the letter lands here, so nothing else
    # can come out differently.) With the full tokenizer it is simply an invalid character.
    group(("NON_ASCII", "non_ascii", None, None, None))
    source.append("([^\\x00-\\x7f])")
    group(("INVALID", "invalid", None, None, None))
    source.append(r"([\s\S])")

    order = [entry[0] if entry else None for entry in groups]
    assert order[1:9] == ["LBRACE", "LSQB", "RBRACE", "RBRACE_C", "RSQB", "RSQB_C", "COLON", "COMMA"]
    assert order[10:12] == ["KEY_LBRACE", "KEY_LSQB"]
    roles = [entry[1] if entry else None for entry in groups]
    assert set(roles[12:roles.index("key_colon") - 1]) == {"member"}
    return SEP + "(?:" + "|".join(source) + ")", groups


def _fine_tokenizer(patterns: dict[str, str]):
    """The unfused tokenizer, for the error path: one token per terminal of the JSON5 spec."""
    names = ["STRING", "STRING", "NUMBER", "NUMBER", "WORD"]
    source = [f"({patterns[name]})" for name, _ in SCALAR_TERMINALS]
    terminals = [None, *names]
    for char, terminal in PUNCTUATION:
        source.append("(" + ("\\" + char if char in "[]{}" else char) + ")")
        terminals.append(terminal)
    source += [f"({patterns['COMMENT']})", f"({patterns['WHITESPACE']})", r"([\s\S])"]
    terminals += ["COMMENT", "WHITESPACE", "INVALID"]
    return SEP + "(?:" + "|".join(source) + ")", tuple(terminals)


def generate() -> tuple[str, str]:
    """The text of _tables.py and of _unicode.py."""
    import re

    parser = build_lark()
    patterns = _patterns(ascii_only=False)
    regex, groups = _tokenizer(patterns)
    ascii_regex, ascii_groups = _tokenizer(_patterns(ascii_only=True))
    assert ascii_groups == groups
    fine_regex, fine_terminals = _fine_tokenizer(patterns)
    for source in (regex, ascii_regex, fine_regex):
        re.compile(source)  # fail here, not at parse time

    table = parser.parser.parser._parse_table
    rules = parser.rules
    rule_index = {rule: i for i, rule in enumerate(rules)}
    terminals = sorted({name for row in table.states.values() for name in row if name.isupper()}
                       | {"$END"})
    nonterminals = sorted({str(rule.origin.name) for rule in rules})
    # lark numbers states in an order that varies between runs; renumber them breadth-first
    # from the start state, following symbols in sorted order, so the output is reproducible.
    start = table.start_states["start"]
    order = [start]
    for state in order:
        for symbol in sorted(table.states[state]):
            kind, arg = table.states[state][symbol]
            if kind.name == "Shift" and arg not in order:
                order.append(arg)
    assert len(order) == len(table.states)
    number = {old: new for new, old in enumerate(order)}
    states = order

    def key_state(state: int) -> bool:
        actions = table.states[state].values()
        return bool(actions) and all(kind.name == "Reduce" and arg.origin.name == "key"
                                     for kind, arg in actions)

    def encode(state: int, symbol: str) -> int:
        entry = table.states[state].get(symbol)
        if entry is None:
            return 0
        kind, arg = entry
        if kind.name == "Shift":
            assert number[arg] > 0  # 0 means error; the start state is never shifted into
            return number[arg]
        return -(rule_index[arg] + 1)

    action_by_terminal = [tuple(encode(s, t) for t in terminals) for s in states]
    folds: list[tuple] = []
    fold_index: dict[tuple, int] = {}
    fold_base = len(states) + 1

    def encode_folded(state: int, terminal: str) -> int:
        entry = table.states[state].get(terminal)
        if entry is None or entry[0].name != "Shift" or key_state(entry[1]):
            return encode(state, terminal)
        folded = _fold(table, state, entry[1], rules)
        if folded is None:
            return encode(state, terminal)
        removed, pushed = folded
        fold = (removed, tuple(number[p] for p in pushed))
        if fold not in fold_index:
            fold_index[fold] = len(folds)
            folds.append(fold)
        return fold_base + fold_index[fold]

    action_by_group = []
    for s in states:
        row = [0]
        for entry in groups[1:]:
            row.append(encode_folded(s, entry[0]) if entry is not None and entry[0] in terminals else 0)
        action_by_group.append(tuple(row))
    goto = [tuple(number[table.states[s][n][1]] if n in table.states[s] else -1 for n in nonterminals)
            for s in states]
    rule_shapes = [(nonterminals.index(str(r.origin.name)), len(r.expansion)) for r in rules]
    rule_names = [f"{r.origin.name}: {' '.join(x.name for x in r.expansion)}" for r in rules]

    digest = hashlib.sha256(GRAMMAR.read_bytes()).hexdigest()
    roles = {name: [i for i, e in enumerate(groups) if e and e[1] == name] for name in
             ("open", "close", "punct", "key_open", "member", "key_colon", "scalar", "comment", "space",
              "non_ascii", "invalid")}
    lines = [
        '"""Generated by `python -m oclc.json5._build` from oclc/json5/grammar.lark. Do not edit."""',
        "# fmt: off",
        f"GRAMMAR_SHA256 = {digest!r}",
        "",
        "# Tokenizer: `lastindex` of a match is the group that identifies the token.",
        "# TOKEN_PATTERN knows only ASCII identifiers, which keeps it quick to compile; on a",
        "# non-ASCII letter outside a string, parser.py switches to _unicode.TOKEN_PATTERN.",
        f"TOKEN_PATTERN = {ascii_regex!r}",
        f"TERMINAL_OF_GROUP = {tuple(e[0] if e else None for e in groups)!r}",
        f"SCALAR_KIND = {tuple(e[2] if e else None for e in groups)!r}",
        f"SCALAR_GROUP = {tuple(e[3] if e else None for e in groups)!r}",
        f"KEY_GROUP = {tuple(e[4] if e else None for e in groups)!r}",
        f"LAST_MEMBER_GROUP = {max(roles['member'])}",
        f"KEY_COLON_GROUP = {roles['key_colon'][0]}",
        f"LAST_SCALAR_GROUP = {max(roles['scalar'])}",
        f"COMMENT_GROUP = {roles['comment'][0]}",
        f"SPACE_GROUP = {roles['space'][0]}",
        f"NON_ASCII_GROUP = {roles['non_ascii'][0]}",
        f"INVALID_GROUP = {roles['invalid'][0]}",
        "",
        "# LALR(1) table. Action: 0 error; > 0 shift to that state; < 0 reduce by rule -a - 1.",
        "# KEY_STATE[s]: a STRING or WORD shifted into state s is a member's key.",
        f"KEY_STATE = {tuple(key_state(old) for old in states)!r}",
        f"START_STATE = {number[table.start_states['start']]}",
        f"END_STATE = {number[table.end_states['start']]}",
        f"TERMINALS = {tuple(terminals)!r}",
        f"NONTERMINALS = {tuple(nonterminals)!r}",
        "RULES = (  # (nonterminal, length)",
        *(f"    {shape!r},  # {name}" for shape, name in zip(rule_shapes, rule_names)),
        ")",
        "# ACTION_BY_GROUP folds a shift and the default reductions that must follow it into one",
        "# step: an action >= FOLD_BASE is FOLDS[a - FOLD_BASE] = (states to pop, states to push).",
        f"FOLD_BASE = {fold_base}",
        f"FOLDS = {tuple(folds)!r}",
        "ACTION_BY_GROUP = (",
        *(f"    {row!r}," for row in action_by_group),
        ")",
        "ACTION_BY_TERMINAL = (",
        *(f"    {row!r}," for row in action_by_terminal),
        ")",
        "GOTO = (",
        *(f"    {row!r}," for row in goto),
        ")",
    ]
    unicode_lines = [
        '"""Generated by `python -m oclc.json5._build` from oclc/json5/grammar.lark. Do not edit.',
        "",
        "The parts of the tokenizer that know Unicode identifiers: the exact tokenizer (same groups",
        'as _tables.TOKEN_PATTERN), the one-terminal-per-token tokenizer of the error path,',
        'and the identifier character classes."""',
        "# fmt: off",
        f"UNIDATA_VERSION = {unicodedata.unidata_version!r}",
        f"TOKEN_PATTERN = {regex!r}",
        f"FINE_PATTERN = {fine_regex!r}",
        f"FINE_TERMINAL_OF_GROUP = {fine_terminals!r}",
        f"ID_START = {_ranges(ID_START_CATEGORIES)!r}",
        f"ID_CONTINUE = {_ranges(ID_CONTINUE_CATEGORIES) + chr(0x200c) + chr(0x200d)!r}",
    ]
    return "\n".join(lines) + "\n", "\n".join(unicode_lines) + "\n"


def _fold(table, before: int, shifted: int, rules):
    """The stack effect of shifting into `shifted` from `before` and then taking every default
    reduction that follows (a state whose one action, whatever comes next, is the same reduction),
    as (states popped from the runtime stack, states pushed), in lark's state numbers. None when
    nothing would be folded or a reduction would expose a state this table cannot know.

    Folding changes no verdict: a default reduction is what the parser does next on any valid
    token, and on an invalid one the error is still found before that token is shifted."""
    predecessors: dict[int, set[int]] = {}
    for state, row in table.states.items():
        for symbol, (kind, target) in row.items():
            if kind.name == "Shift":
                predecessors.setdefault(target, set()).add(state)

    def default_reduction(state: int):
        # lark keeps a state's gotos (nonterminal names, lower case) beside its actions
        actions = [entry for symbol, entry in table.states[state].items() if not symbol.islower()]
        if actions and all(kind.name == "Reduce" for kind, _ in actions):
            reductions = {arg for _, arg in actions}
            if len(reductions) == 1:
                return reductions.pop()
        return None

    # The stack is modelled as a list of sets of possible states, bottom to top: states below
    # what we know are added as the sets of states they can be entered from. A reduction may go
    # ahead when every state it can expose leads to the same next state.
    seen = [{before}]   # the top of the runtime stack as we came to know it
    stack = [{before}, {shifted}]
    reduced = False
    while True:
        [top] = stack[-1]
        rule = default_reduction(top)
        if rule is None:
            break
        size = len(rule.expansion)
        while len(stack) <= size:
            below = set().union(*(predecessors.get(state, set()) for state in stack[0]))
            if not below:
                return None
            stack.insert(0, below)
            seen.insert(0, below)
        del stack[len(stack) - size:]
        targets = {table.states[state][rule.origin.name][1] for state in stack[-1]}
        if len(targets) != 1:
            return None
        stack.append(targets)
        reduced = True
    if not reduced:
        return None
    common = 0
    while common < min(len(seen), len(stack)) and seen[common] == stack[common]:
        common += 1
    pushed = stack[common:]
    assert all(len(states) == 1 for states in pushed)
    return len(seen) - common, tuple(next(iter(states)) for states in pushed)


def main(argv: list[str]) -> int:
    outputs = dict(zip((OUTPUT, UNICODE_OUTPUT), generate()))
    if "--check" in argv:
        stale = [path.name for path, text in outputs.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        if stale:
            print(f"out of date: {', '.join(stale)}; run: python -m oclc.json5._build", file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
