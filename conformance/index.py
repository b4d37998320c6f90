"""`reposelect conform index`: a markdown index of the vectors, per group (spec/conformance.md 10.2)."""
from __future__ import annotations

from reposelect.reference.version import SPEC_VERSION

from .recipes import GROUPS
from .suite import Vector

GROUP_TITLES = {
    "selection": "Selection",
    "equilibria": "Equilibria",
    "hurdles": "Hurdles",
    "tie_breaks": "Tie-breaks",
    "theta": "Theta",
    "edge": "Edge cases",
    "large": "Large N",
    "precedence": "Error precedence",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _printable(text: str) -> str:
    """A path as text that can be written: a lone surrogate is shown as its JSON escape."""
    return "".join(f"\\u{ord(c):04x}" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def index_markdown(vectors: list[Vector]) -> str:
    """A markdown index of the vectors, by group."""
    by_group: dict[str, list[Vector]] = {}
    for v in vectors:
        by_group.setdefault(v.group, []).append(v)
    order = [g for g in GROUPS if g in by_group] + sorted(set(by_group) - set(GROUPS))
    out = [f"# Conformance vectors (spec {SPEC_VERSION})", "",
           f"{len(vectors)} vectors in {len(by_group)} groups. Regenerate this page with "
           "`reposelect conform index`.", "",
           "| group | vectors |", "| --- | ---: |"]
    out += [f"| [{g}](#{g.replace('.', '')}) | {len(by_group[g])} |" for g in order]
    out.append("")
    for g in order:
        title = GROUP_TITLES.get(g) or (f"Errors: `{g.split('.', 1)[1]}`" if g.startswith("errors.") else g)
        out += [f"## {g}", "", f"{title}.", "", "| id | description | expects | sections |", "| --- | --- | --- | --- |"]
        for v in by_group[g]:
            if v.is_error:
                e = v.expected["error"]
                expects = f"`{e['code']}` at `{_cell(_printable(e['path']))}`"
            elif v.expected["trade"]:
                expects = f"trade at {v.expected['index']}"
            else:
                expects = "no trade"
            out.append(f"| `{v.id}` | {_cell(v.description)} | {expects} | {', '.join(v.sections)} |")
        out.append("")
    return "\n".join(out)
