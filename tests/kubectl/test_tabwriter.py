"""Elastic tabstops as kubectl uses them.

Mirrors liggitt/tabwriter ``tabwriter_test.go`` (the Go ``text/tabwriter`` cases) for the
column rules, with kubectl's two configurations (cli-runtime ``GetNewTabWriter`` and kubectl
``describe.tabbedString``).
"""

from __future__ import annotations

from k8slab.kubectl.tabwriter import TabWriter, describe_tab_writer, get_tab_writer, tabbed


def test_get_columns_are_widest_cell_plus_three_but_at_least_six():
    """Is a column max(minwidth 6, widest cell + padding 3) wide, the last cell unpadded?"""
    out = tabbed("NAME\tIP\tAGE\nnginx\t1\t5s\n", get_tab_writer())
    assert out == "NAME    IP    AGE\nnginx   1     5s\n"


def test_describe_value_column_starts_two_after_the_longest_key():
    """Does describe's writer (minwidth 0, padding 2) align a contiguous Key:\\tvalue block?"""
    out = tabbed("Name:\tnginx\nExternal Traffic Policy:\tCluster\n")
    assert out == "Name:                     nginx\nExternal Traffic Policy:  Cluster\n"


def test_line_without_tab_ends_the_alignment_block():
    """Does a one-cell line flush, so the blocks above and below align independently?"""
    out = tabbed("A:\tx\nContainers:\nLonger key:\ty\n")
    assert out == "A:  x\nContainers:\nLonger key:  y\n"


def test_tab_terminated_empty_last_cell_keeps_trailing_spaces():
    """Is the empty cell after a trailing tab padded (``Endpoints:\\t`` with no endpoints)?"""
    out = tabbed("Endpoints:\t\nSession Affinity:\tNone\n")
    assert out == "Endpoints:         \nSession Affinity:  None\n"


def test_column_block_is_only_as_long_as_the_lines_that_have_the_cell():
    """Are cells in non-contiguous lines distinct columns (Go's aaaa|bbb|d example)?"""
    out = tabbed("aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n", TabWriter(0, 8, 1))
    assert out == "aaaa bbb d\naa   b   dd\na    \naa   cccc eee\n"


def test_remembered_widths_survive_a_flush():
    """With RememberWidths, does a later block keep an earlier, wider column?"""
    w = get_tab_writer()
    w.write("a-long-name\tx\n")
    w.flush()
    w.write("b\ty\n")
    w.flush()
    assert w.getvalue() == "a-long-name   x\nb             y\n"


def test_describe_writer_forgets_widths_after_flush():
    """Without RememberWidths, is each flushed block sized on its own?"""
    w = describe_tab_writer()
    w.write("a-long-name:\tx\n")
    w.flush()
    w.write("b:\ty\n")
    w.flush()
    assert w.getvalue() == "a-long-name:  x\nb:  y\n"
