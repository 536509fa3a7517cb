"""Elastic tabstops, as kubectl lays out ``get`` tables and ``describe`` text.

kubectl never pads columns itself: it writes tab-separated cells into a tab writer and lets
it align them. ``get`` uses ``github.com/liggitt/tabwriter`` (a fork of Go's ``text/tabwriter``
that adds ``RememberWidths``) through ``cli-runtime/pkg/printers.GetNewTabWriter``: minwidth 6,
tabwidth 4, padding 3, pad ``' '``, flags ``RememberWidths``. ``describe`` uses Go's own
``text/tabwriter`` through ``kubectl/pkg/describe.tabbedString``: minwidth 0, tabwidth 8,
padding 2, pad ``' '``, no flags.

The rules reproduced here (``liggitt/tabwriter`` ``tabwriter.go``: ``Writer.Write``,
``Writer.format``, ``Writer.writeLines``):

- Cells are *terminated* by a tab; the text after a line's last tab is not part of any
  column and is never padded (so a table's last column has no trailing spaces).
- A column is a run of *contiguous* lines that all have a tab-terminated cell at that index;
  its width is ``max(minwidth, widest cell + padding)``. Every tab-terminated cell in the run,
  empty or not, is padded to that width, so ``"Key:\\t\\n"`` keeps trailing spaces.
- A line holding a single cell (no tab at all, e.g. ``"Containers:"`` or ``""``) flushes the
  writer, which ends every column block: describe output re-aligns after each such line.
- ``RememberWidths`` keeps each column's widest width across flushes (``kubectl get`` flushes
  every 100 rows, and resets the memory between resource kinds).

Widths count code points (Go counts runes).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class _Cell:
    text: str
    htab: bool  # terminated by a tab (part of a column) rather than by a line end


class TabWriter:
    """An in-memory elastic-tabstop writer; ``write`` text, ``flush``, then ``getvalue``.

    Mirrors liggitt/tabwriter ``Writer`` (``NewWriter(output, minwidth, tabwidth, padding,
    padchar, flags)``) for a space pad character, without the HTML/escape filters kubectl
    does not enable.
    """

    def __init__(
        self,
        minwidth: int,
        tabwidth: int,
        padding: int,
        padchar: str = " ",
        *,
        remember_widths: bool = False,
    ) -> None:
        if minwidth < 0 or tabwidth < 0 or padding < 0:
            raise ValueError("negative minwidth, tabwidth, or padding")
        self.minwidth = minwidth
        self.tabwidth = tabwidth
        self.padding = padding
        self.padchar = padchar
        self.remember_widths = remember_widths
        self._out: list[str] = []
        self._lines: list[list[_Cell]] = [[]]
        self._cell: list[str] = []
        self._widths: list[int] = []
        self._maxwidths: list[int] = []

    # -- input -------------------------------------------------------------------------------

    def write(self, text: str) -> None:
        """Split ``text`` into cells; a one-cell line or a form feed flushes (``Writer.Write``)."""
        start = 0
        for i, ch in enumerate(text):
            if ch not in "\t\v\n\f":
                continue
            self._cell.append(text[start:i])
            start = i + 1
            ncells = self._terminate_cell(htab=ch == "\t")
            if ch in "\n\f":
                self._lines.append([])
                if ch == "\f" or ncells == 1:
                    self.flush()
        self._cell.append(text[start:])

    def _terminate_cell(self, *, htab: bool) -> int:
        line = self._lines[-1]
        line.append(_Cell("".join(self._cell), htab))
        self._cell = []
        return len(line)

    # -- output ------------------------------------------------------------------------------

    def flush(self) -> None:
        """Format and emit everything buffered (``Writer.Flush``)."""
        if "".join(self._cell):
            self._terminate_cell(htab=False)
        self._format(0, len(self._lines))
        self._lines = [[]]
        self._cell = []
        self._widths = []

    def getvalue(self) -> str:
        """Everything flushed so far."""
        return "".join(self._out)

    def set_remembered_widths(self, widths: list[int] | None) -> None:
        """``Writer.SetRememberedWidths``; kubectl get passes ``nil`` between resource kinds."""
        self._maxwidths = list(widths or [])

    def _format(self, line0: int, line1: int) -> None:
        column = len(self._widths)
        this = line0
        while this < line1:
            if column >= len(self._lines[this]) - 1:
                this += 1
                continue
            # A cell exists in this column: print the lines above, then size the block.
            self._write_lines(line0, this)
            line0 = this
            width = self.minwidth
            while this < line1:
                line = self._lines[this]
                if column >= len(line) - 1:
                    break
                width = max(width, len(line[column].text) + self.padding)
                this += 1
            width = self._remember(width)
            self._widths.append(width)
            self._format(line0, this)
            self._widths.pop()
            line0 = this
        self._write_lines(line0, line1)

    def _remember(self, width: int) -> int:
        if not self.remember_widths:
            return width
        depth = len(self._widths)
        if len(self._maxwidths) < depth:
            self._maxwidths.extend(self._widths[len(self._maxwidths) :])
        if len(self._maxwidths) == depth:
            self._maxwidths.append(width)
        elif self._maxwidths[depth] > width:
            width = self._maxwidths[depth]
        else:
            self._maxwidths[depth] = width
        return width

    def _write_lines(self, line0: int, line1: int) -> None:
        for i in range(line0, line1):
            for j, cell in enumerate(self._lines[i]):
                self._out.append(cell.text)
                if j < len(self._widths):
                    self._out.append(self.padchar * (self._widths[j] - len(cell.text)))
            if i + 1 < len(self._lines):
                self._out.append("\n")


def get_tab_writer() -> TabWriter:
    """The writer ``kubectl get`` prints tables through (cli-runtime
    ``pkg/printers/tabwriter.go`` ``GetNewTabWriter``: 6, 4, 3, ``' '``, ``RememberWidths``)."""
    return TabWriter(6, 4, 3, " ", remember_widths=True)


def describe_tab_writer() -> TabWriter:
    """The writer ``kubectl describe`` formats through (kubectl ``pkg/describe/describe.go``
    ``tabbedString``: Go ``text/tabwriter`` with 0, 8, 2, ``' '``, 0)."""
    return TabWriter(0, 8, 2, " ")


def tabbed(text: str, writer: TabWriter | None = None) -> str:
    """Align ``text`` in one go through ``writer`` (default: the describe writer)."""
    w = writer if writer is not None else describe_tab_writer()
    w.write(text)
    w.flush()
    return w.getvalue()
