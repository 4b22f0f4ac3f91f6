"""The first stage: JSON5 text -> values, with the exact span of every key and value.

    parser.py     parse(source) -> Document; loads(text); ParseError (with line and column)
    grammar.lark  the grammar; _build.py turns it into _tables.py and _unicode.py ahead of time
                  (lark is needed only for that, never when oclc runs)
    strict.py     strict JSON as JavaScript's JSON.parse reads it (OpenClaw's credential stores)

Nothing is imported here, so a run that needs only strict JSON does not load the parser tables.
"""
