"""Offsets in a text <-> LSP positions.

oclc's spans are offsets of Python characters (code points) into a file's text. An LSP position is
a (line, character) pair, where lines are split at "\\n", "\\r\\n" and "\\r" only (JSON5 also breaks
lines at U+2028 and U+2029, LSP does not), and the character is counted in the encoding the
client and server agreed on: UTF-16 code units unless the client offers UTF-32 (code points) or
UTF-8 (bytes).
"""
from __future__ import annotations

import bisect
import re

UTF16, UTF32, UTF8 = "utf-16", "utf-32", "utf-8"
_BREAK = re.compile(r"\r\n|\n|\r")


def _units(text: str, encoding: str) -> int:
    """The length of `text` in the position encoding's units."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    # A character above U+FFFF takes two UTF-16 units; a lone surrogate (JSON5 allows one) one.
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineIndex:
    """Positions in one text. `shift` is how many characters the editor's copy has before the
    text oclc read (1 when the editor kept a byte-order mark that oclc dropped)."""

    def __init__(self, text: str, encoding: str = UTF16, shift: int = 0):
        self.text = text
        self.encoding = encoding
        self.shift = shift
        # Line starts are found as far as a question needs: a completion near the top of a 1.5 MB
        # config does not split the whole text into lines first.
        self.starts = [0]
        self._breaks = _BREAK.finditer(text)
        self._complete = False

    def _more(self) -> bool:
        if self._complete:
            return False
        found = next(self._breaks, None)
        if found is None:
            self._complete = True
            return False
        self.starts.append(found.end())
        return True

    def _through_line(self, line: int) -> None:
        while len(self.starts) <= line + 1 and self._more():
            pass

    def _through_offset(self, offset: int) -> None:
        while self.starts[-1] <= offset and self._more():
            pass

    def _line_end(self, line: int) -> int:
        """The offset where `line`'s text ends (before its line break)."""
        self._through_line(line)
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            return end - (2 if self.text[end - 2:end] == "\r\n" else 1)
        return len(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character), both 0-based, of a character offset of the text."""
        offset = max(0, min(offset, len(self.text)))
        self._through_offset(offset)
        line = bisect.bisect_right(self.starts, offset) - 1
        # An offset between the CR and LF of one break is the end of that line.
        start = self.starts[line]
        end = min(offset, self._line_end(line))
        character = _units(self.text[start:end], self.encoding)
        if line == 0:
            character += self.shift
        return line, character

    def offset(self, line: int, character: int) -> int:
        """The character offset of an LSP position; past the end of a line is its end, past the
        last line the end of the text (as the protocol asks)."""
        if line < 0:
            return 0
        self._through_line(line)
        if line >= len(self.starts):
            return len(self.text)
        if line == 0:
            character -= self.shift
        start, end = self.starts[line], self._line_end(line)
        if character <= 0:
            return start
        piece = self.text[start:end]
        if self.encoding == UTF32 or piece.isascii():
            return start + min(character, len(piece))
        counted = 0
        for index, ch in enumerate(piece):
            if counted >= character:
                return start + index
            counted += _units(ch, self.encoding)
        return end
