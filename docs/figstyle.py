"""One look for every plot of the site (docs/examples.py and docs/plots.py draw with it).

Importing it selects matplotlib's Agg backend and sets the style: fonts sized to stay readable
when a phone shows a figure 520 px wide, SVG text as paths (no font needed to view them) and a
fixed hash salt so that a figure drawn twice is the same file. `save` writes a figure as SVG
without a date; `figure` is the Markdown of a figure with its caption (the browser test fails
on a plot without one).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RC = {"font.size": 12, "axes.titlesize": 13, "axes.labelsize": 12, "legend.fontsize": 10.5,
      "xtick.labelsize": 11, "ytick.labelsize": 11, "svg.hashsalt": "reposelect", "svg.fonttype": "path"}
plt.rcParams.update(RC)

# one palette: the money fund's side blue, the leveraged fund's red, what passes green, the selection orange
COLORS = ["#1f5fa8", "#c0392b", "#2e8b57", "#e67e00", "#7b3fa0", "#555555", "#0097a7", "#8a5a00"]
C_MM, C_RM, C_OK, C_SEL, C_GREY = COLORS[0], COLORS[1], COLORS[2], COLORS[3], "#9a9a9a"


def save(fig, path: Path) -> None:
    """The figure as SVG at `path` (no date in the file, so a rebuild with the same data is the same file)."""
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def figure(img: str, alt: str, caption: str) -> str:
    """The Markdown of a figure of gen/img/ with its caption."""
    return (f'<figure class="plot" markdown="span">\n![{alt}](img/{img})\n'
            f'<figcaption markdown="span">{caption}</figcaption>\n</figure>\n')
