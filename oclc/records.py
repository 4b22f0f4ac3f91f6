"""Records: the pipeline's small classes of plain data.

A record class lists its fields in `__slots__` and writes its `__init__` out; this base gives it
what a dataclass would: equality and a repr over the fields (in `__slots__` order, base classes
first), hashing for a `frozen` record, and `but(**changes)`, a copy with some fields changed (as
`dataclasses.replace`). `@dataclass` generates those methods by compiling code for every class
at import, about 0.7 ms a class, and its module pulls in `inspect`: a cold `oclc lint` imports
some forty such classes and cannot afford it.

    class Span(Record, frozen=True):
        __slots__ = ("start", "end")

        def __init__(self, start: int, end: int):
            self.start = start
            self.end = end

`frozen=True` says the record is never changed after it is built (nothing enforces it; it is
what makes hashing it safe). `eq=False` keeps identity equality and hashing. Fields whose names
are in a class's `_unshown` are left out of the repr.

For the same reason, `LazyPattern` is a regular expression compiled on first use: most of the
patterns a module declares are needed only by some configs (or only when there is a finding to
show), and compiling one takes 0.1 to 4 ms.
"""

from __future__ import annotations


class Record:
    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _unshown: tuple[str, ...] = ()

    def __init_subclass__(cls, frozen: bool = False, eq: bool = True, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = []
        for klass in reversed(cls.__mro__):
            for name in klass.__dict__.get("__slots__", ()):
                if name not in fields and name != "__weakref__":
                    fields.append(name)
        cls._fields = tuple(fields)
        if not eq:
            cls.__eq__ = object.__eq__
            cls.__hash__ = object.__hash__
        elif frozen:
            cls.__hash__ = Record._field_hash
        elif "__hash__" not in cls.__dict__:
            cls.__hash__ = None

    def _values(self) -> tuple:
        return tuple([getattr(self, name) for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def _field_hash(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name, '<unset>')!r}" for name in self._fields
                          if name not in self._unshown)
        return f"{self.__class__.__qualname__}({shown})"

    def but(self, **changes):
        """A copy of this record with `changes` (field name -> new value)."""
        copy = object.__new__(self.__class__)
        for name in self._fields:
            object.__setattr__(copy, name, changes.pop(name) if name in changes else getattr(self, name))
        if changes:
            raise TypeError(f"{self.__class__.__name__} has no field {next(iter(changes))!r}")
        return copy


class LazyPattern:
    """`re.compile(pattern, flags)`, done when the pattern is first used. Its methods (search,
    match, fullmatch, finditer, findall, sub, subn, split) are then the compiled pattern's own."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str):
        # Called only while the pattern is not compiled yet (or for an attribute it lacks).
        import re

        compiled = re.compile(self.pattern, self.flags)
        for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"
