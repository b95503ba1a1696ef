"""The one filter component (the portfolio, a cohort's results page): radio groups before a table
hide the rows that lack the checked value's class, with no script.

The rules that name the values (which rows a radio hides, which label shows as chosen or focused)
are a generated stylesheet, a site file the page links in its <head> (front matter `stylesheet:`,
`overrides/main.html`), never a <style> in the body. The look (invisible radios, the groups, the
chosen value, the focus ring) is in `cohort.css`: the radios are invisible, so keyboard focus shows
on their labels (`--cs-focus`, as everywhere on the site).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .md_blocks import esc

CHOSEN_STYLE = "background: var(--md-accent-fg-color--transparent); border-color: var(--md-accent-fg-color); font-weight: 700;"
FOCUS_STYLE = "outline: 3px solid var(--cs-focus); outline-offset: 2px;"


@dataclass(frozen=True)
class Filter:
    key: str  # short ASCII key used in ids and row classes: tag, kind, pref, muni, year, status...
    label: str
    values: tuple[tuple[str, str], ...]  # (value, label shown)


@dataclass(frozen=True)
class FilterForm:
    """Radio groups over one table. Ids are `<prefix>-<key>-<i>`, a row's classes `<key>-<i>`."""

    prefix: str  # "cs" on the portfolio, "cs-r" on the results page
    form_class: str  # the form's class: cs-portfolio, cs-results
    table_class: str  # the filtered table's class
    groups: tuple[Filter, ...]
    empty: str = ""  # shown when no row is left (role=status); none when empty

    def _choices(self, f: Filter) -> list[tuple[str, str, str]]:
        """(id, label shown, row class) of each radio of a group, "すべて" first (no class)."""
        return [(f"{self.prefix}-{f.key}-all", "すべて", "")] + [
            (f"{self.prefix}-{f.key}-{i}", shown, f"{f.key}-{i}") for i, (_, shown) in enumerate(f.values)]

    def row_classes(self, values: Mapping[str, Iterable[str]]) -> list[str]:
        """The classes of a row that has `values` (key -> the row's values of that filter)."""
        index = {(f.key, value): i for f in self.groups for i, (value, _) in enumerate(f.values)}
        return [f"{key}-{index[(key, v)]}" for key in (f.key for f in self.groups)
                for v in sorted(values.get(key, ())) if (key, v) in index]

    def html(self, table: str) -> str:
        """The form: the radios, the groups with a reset button, the table, the empty message."""
        inputs, fieldsets = [], []
        for f in self.groups:
            choices = []
            for ident, shown, cls in self._choices(f):
                checked = " checked" if not cls else ""
                inputs.append(f'<input class="cs-filter__input" type="radio" name="{self.prefix}-{f.key}" id="{ident}"{checked}>')
                choices.append(f'<label for="{ident}">{esc(shown)}</label>')
            fieldsets.append(f'<fieldset class="cs-filter"><legend>{esc(f.label)}</legend>{"".join(choices)}</fieldset>')
        empty = f'<p class="{self.form_class}__empty cs-filter__empty" role="status">{esc(self.empty)}</p>\n' if self.empty else ""
        return (
            f'<form class="{self.form_class}" action="#">\n' + "\n".join(inputs)
            + '\n<div class="cs-filters">' + "".join(fieldsets)
            + '<button class="md-button cs-filter__reset" type="reset">絞り込みを解除</button></div>\n'
            + table + empty + "</form>\n\n"
        )

    def stylesheet(self) -> str:
        """The rules that name the values: hide, chosen, focus, and the empty message."""
        hide, chosen, focus = [], [], []
        for f in self.groups:
            for ident, _, cls in self._choices(f):
                if cls:
                    hide.append(f"#{ident}:checked ~ .{self.table_class} tbody tr:not(.{cls})")
                chosen.append(f'#{ident}:checked ~ .cs-filters label[for="{ident}"]')
                focus.append(f'#{ident}:focus-visible ~ .cs-filters label[for="{ident}"]')
        css = "\n".join(f"{rule} {{ display: none; }}" for rule in hide) + "\n"
        css += ",\n".join(chosen) + f" {{ {CHOSEN_STYLE} }}\n"
        css += chosen_in_forced_colours(chosen) + "\n"
        css += ",\n".join(focus) + f" {{ {FOCUS_STYLE} }}\n"
        if self.empty and hide:  # no row left: the rows hidden are exactly those matched by a hide rule
            css += (f".{self.form_class}:not(:has(.{self.table_class} tbody tr:not(:is({', '.join(hide)}))))"
                    f" .{self.form_class}__empty {{ display: block; }}\n")
        return css


def chosen_in_forced_colours(chosen: list[str]) -> str:
    """The CSS that marks a filter's chosen value (the labels matched by the `chosen` selectors)
    in forced colours (Windows high contrast), where backgrounds and border colours are the
    system's and bold alone would tell it: the system's colours of a selected item (without the
    backplate the browser puts behind text there, which would hide HighlightText)."""
    return ("@media (forced-colors: active) { " + ",\n".join(chosen)
            + " { forced-color-adjust: none; background: Highlight; color: HighlightText; border-color: Highlight; } }")


def with_stylesheet(markdown: str, uri: str) -> str:
    """A page's Markdown with front matter `stylesheet: uri` (linked in <head> by the theme override)."""
    return markdown.replace("---\n", f"---\nstylesheet: {uri}\n", 1)
