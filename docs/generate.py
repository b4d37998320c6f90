"""Generate the site's derived pages, then `mkdocs build --strict` builds the site.

    .venv/bin/python docs/generate.py          # what `./dev.sh docs` runs before mkdocs
    .venv/bin/python docs/generate.py --fix    # rewrite spec code blocks from the reference, then generate

What it does, in order:

1. Checks that every `<!-- source: NAME -->` code block in spec/*.md is the named
   object's own source (docs/spec_sources.py); a stale block stops the build.
2. Copies spec/*.md into docs/spec/ (git-ignored): spec/ is the one normative copy,
   the site renders it.
3. Writes the generated pages that mkdocs.yml's nav lists under gen/ (git-ignored),
   each from the project's own commands or code, never by hand:
   the plots of worked examples (matplotlib, Agg), the proof report
   (`reposelect prove --from-json ... --markdown`), the SymPy derivations
   (`reposelect derive --family F --format markdown`), the conformance vector index
   (`reposelect conform index`) and its guide (conformance/GUIDE.md), the benchmark tables (`reposelect bench`) and
   the command line reference (`reposelect CMD --help`).

A page the nav lists but whose command is not available in this build is an error:
the nav is the list of pages the site promises.

After `mkdocs build`, `generate.py --after-build site` links the section references of the
docstrings that mkdocstrings rendered (the API page) to the spec's anchors with docs/xref.py's
resolver, in the HTML (the Python sources stay as they are), fails on one it cannot link, and
rewrites the search index (plain math, spec pages first). `./dev.sh serve` skips this step.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = HERE  # where the pages go; --docs-dir moves it (tests build a private copy of the site)
SPEC_SRC = ROOT / "spec"
SPEC_OUT = DOCS / "spec"
GEN = DOCS / "gen"
API_SRC = DOCS / ".api-src"  # what mkdocstrings reads: reposelect/reference -> ../../../reference
IMG = GEN / "img"
PROOF_RESULTS = "proofs/results/default-run.json"

sys.path.insert(0, str(HERE))
import spec_sources  # noqa: E402  (docs/spec_sources.py, next to this file)
import xref  # noqa: E402  (docs/xref.py: section references as links)


class Unavailable(Exception):
    """A command this page needs is not in this build (or its input file is missing)."""


# --------------------------------------------------------------------------- commands

def reposelect(*args: str, timeout: float = 300) -> str:
    """stdout of `reposelect ARGS` run with this interpreter; Unavailable or RuntimeError on failure."""
    env = dict(os.environ, COLUMNS="100", MPLBACKEND="Agg", PYTHONHASHSEED="0")
    p = subprocess.run([sys.executable, "-m", "reposelect", *args], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=timeout)
    if p.returncode == 2 and "not available in this build" in p.stderr:
        raise Unavailable(p.stderr.strip())
    if p.returncode != 0:
        raise RuntimeError(f"`reposelect {' '.join(args)}` exited {p.returncode}:\n{p.stderr.strip()}")
    return p.stdout


def provenance(command: str) -> str:
    return (f'!!! note "Generated page"\n    Written by `docs/generate.py` from the output of `{command}` '
            f"at build time. Do not edit: change the code and rebuild.\n")


def with_provenance(markdown: str, title: str, command: str) -> str:
    """The command's markdown with a title (its own first `# ` heading if it has one) and a provenance note."""
    lines = markdown.strip("\n").split("\n")
    if lines and lines[0].startswith("# "):
        head, body = lines[0], "\n".join(lines[1:]).lstrip("\n")
    else:
        head, body = f"# {title}", "\n".join(lines)
    return f"{head}\n\n{provenance(command)}\n{body}\n"


def fenced(text: str, lang: str = "text") -> str:
    return f"```{lang}\n{text.rstrip()}\n```\n"


# --------------------------------------------------------------------------- pages

def page_proof_report() -> str:
    if not (ROOT / PROOF_RESULTS).is_file():
        raise Unavailable(f"{PROOF_RESULTS} is missing (run `./dev.sh prove`)")
    cmd = ("prove", "--from-json", PROOF_RESULTS, "--markdown")
    return with_provenance(reposelect(*cmd), "Proof report", "reposelect " + " ".join(cmd))


def derive_families() -> list[str]:
    """The families `reposelect derive --help` lists for --family."""
    help_ = reposelect("derive", "--help")
    m = re.search(r"--family\s+\{([^}]*)\}", help_)
    if not m:
        raise RuntimeError("cannot find the --family choices in `reposelect derive --help`:\n" + help_)
    return [f.strip() for f in m.group(1).split(",") if f.strip()]


def page_derivations() -> str:
    parts = ["# Derivations (generated)\n",
             provenance("reposelect derive --family F --format markdown") +
             "\nOne section per family that `reposelect derive --help` lists." +
             (" The statements being derived, and what they mean, are in [chapter 8 of the "
              "specification](../spec/derivations.md)." if (SPEC_SRC / "derivations.md").is_file() else "") + "\n"]
    fams = derive_families()
    with ThreadPoolExecutor(max_workers=2) as pool:  # each family is its own SymPy process
        outs = list(pool.map(lambda f: reposelect("derive", "--family", f, "--format", "markdown"), fams))
    for fam, out in zip(fams, outs):
        out = out.strip("\n")
        if out.startswith("# "):  # a page of its own: demote its headings to make it a section here
            out = re.sub(r"^(#{1,5}) ", lambda m: "#" + m.group(1) + " ", out, flags=re.M)
        elif not out.startswith("## "):
            out = f"## Family: {fam}\n\n{out}"
        parts.append(out + "\n")
    return "\n".join(parts)


def page_conformance_vectors() -> str:
    """The vector index, each id linked to its input and expected answer (copied next to the page)."""
    src = ROOT / "conformance" / "vectors"
    dst = GEN / "vectors"
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    where = {p.parent.name: p.parent.relative_to(src).as_posix() for p in src.glob("*/*/manifest.json")}
    text = reposelect("conform", "index")

    def link(m):
        vid = m.group(1)
        if vid not in where:
            return m.group(0)
        folder = where[vid]
        inp = next((f.name for f in sorted((src / folder).iterdir()) if f.name.startswith("input")), None)
        exp = next((f.name for f in sorted((src / folder).iterdir()) if f.name.startswith("expected")), None)
        parts = [f"[`{vid}`](vectors/{folder}/{inp})" if inp else f"`{vid}`"]
        if exp:
            parts.append(f"[expected](vectors/{folder}/{exp})")
        return "| " + " · ".join(parts) + " |"
    text = re.sub(r"^\| `(V\d+)` \|", link, text, flags=re.M)
    return with_provenance(text + "\nEach id links to the vector's input; *expected* to the answer it must give.\n",
                           "Conformance vectors", "reposelect conform index")


def page_conformance_guide() -> str:
    """conformance/GUIDE.md (ships with the vectors) rendered as is: one copy, kept there."""
    src = ROOT / "conformance" / "GUIDE.md"
    if not src.is_file():
        raise Unavailable("conformance/GUIDE.md is missing")
    text = src.read_text(encoding="utf-8")
    note = ('!!! note "Copied page"\n    This is `conformance/GUIDE.md`, the guide that ships with the '
            "conformance vectors, copied by `docs/generate.py` at build time. Edit it there.\n")
    lines = text.strip("\n").split("\n")
    if lines[0].startswith("# "):
        return f"{lines[0]}\n\n{note}\n" + "\n".join(lines[1:]).lstrip("\n") + "\n"
    return f"# Implementer's guide\n\n{note}\n{text}"


def committed_bench_sections() -> list[str]:
    """The committed benchmark tables, each from its JSON file by the function that renders it elsewhere
    (the README block and benchmarks/matcher.md; spec/protocol.md 9.10): when, on what machine and at what
    load each ran, and every row. A missing file is said, never hidden."""
    import json

    from reposelect.bench import render_tables
    from reposelect.reference.protocol.bench import markdown as audit_markdown
    parts = []
    for name, title, cmd, render in (
            ("matcher.json", "Matcher: `select` and `serve`", "reposelect bench --render benchmarks/matcher.json",
             render_tables),
            ("audit.json", "Zero-knowledge audit: prove and verify", "reposelect audit --bench (spec/protocol.md 9.10)",
             audit_markdown)):
        path = ROOT / "benchmarks" / name
        parts.append(f"## {title}\n")
        if not path.is_file():
            parts.append(f"*`benchmarks/{name}` is not committed: there is no recorded run to show.*\n")
            continue
        parts.append(f"Recorded in `benchmarks/{name}`, rendered by the code behind `{cmd}`.\n\n"
                     + render(json.loads(path.read_text())).rstrip() + "\n")
    return parts


def page_bench() -> str:
    cmd = ("bench", "--max-n", "10000", "--budget", "1", "--repeat", "1")
    t0 = time.perf_counter()
    out = reposelect(*cmd)
    took = time.perf_counter() - t0
    return (f"# Benchmarks\n\n{provenance('reposelect ' + ' '.join(cmd))}\n"
            "Every ratio is CPU time over a floor measured in the same run on the same machine, so a busy machine "
            "moves both; the load column says how busy it was. The recorded runs come first, as committed; the "
            "plots of every `benchmarks/*.json` are on the Results page.\n\n"
            + "\n".join(committed_bench_sections())
            + "\n## This build's run\n\n"
            "The numbers below are timings on the machine that built this site, taken while it built "
            f"(the run took {took:.1f} s); they are small sizes chosen to keep the build fast. "
            "Run `./dev.sh bench` for the full tables up to $N = 10^6$.\n\n" + fenced(out))


# One example per command: (the command as a reader types it, the arguments run at build time or
# None when it is too slow to run here, standard input). {case}, {cases}, {mm}, {rm}, {log} and
# {serve} are files and commands made for the run.
CLI_EXAMPLES = {
    "demo": [("reposelect demo --calibrated", ("demo", "--calibrated"), None)],
    "select": [("reposelect select case.json    # the example case of spec/wire.md 6.1", ("select", "{case}"), None)],
    "serve": [("reposelect serve < cases.jsonl  # one case per line in, one answer per line out", ("serve",), "{cases}")],
    "bench": [("reposelect bench --max-n 10000 --budget 1 --repeat 1   # see the Benchmarks page", None, None)],
    "derive": [("reposelect derive --family linear --format json", ("derive", "--family", "linear", "--format", "json"),
                None)],
    "prove": [("reposelect prove --claim no_trade_equilibrium --bound 4",
               ("prove", "--claim", "no_trade_equilibrium", "--bound", "4"), None),
              ("reposelect prove --claim existence --variant non_monotone   # watch a claim break", None, None)],
    "session": [("reposelect session --mm mm.json --rm rm.json --log log.sqlite",
                 ("session", "--mm", "{mm}", "--rm", "{rm}", "--log", "{log}"), None)],
    "audit": [("reposelect audit --log log.sqlite   # the log the session above wrote", ("audit", "--log", "{log}"), None)],
    "conform": [("reposelect conform run --impl \"reposelect serve\" --select selection",
                 ("conform", "run", "--impl", "{serve}", "--select", "selection"), None)],
    "chain": [("reposelect chain serve < cases.jsonl  # the same cases answered by the contract on an embedded EVM",
               ("chain", "serve"), "{cases}"),
              ("reposelect chain gas --max-n 20   # gas against N (the full sweep: see the Results page)",
               ("chain", "gas", "--max-n", "20"), None)],
}


def cli_example(cmd: str, files: dict) -> str:
    """The examples of one command, each with its output when it runs here (at most 40 lines)."""
    out = []
    for shown, args, stdin in CLI_EXAMPLES.get(cmd, []):
        out.append(f"```sh\n{shown}\n```\n")
        if args is None:
            continue
        real = [a.format(**files) for a in args]
        env = dict(os.environ, COLUMNS="100", PYTHONHASHSEED="0")
        p = subprocess.run([sys.executable, "-m", "reposelect", *real], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=300, input=(stdin.format(**files) if stdin else None))
        if p.returncode not in (0, 1, 2):
            raise RuntimeError(f"CLI example `{shown}` exited {p.returncode}:\n{p.stderr.strip()}")
        lines = (p.stdout or p.stderr).rstrip("\n").split("\n")
        if len(lines) > 40:
            lines = lines[:40] + [f"... ({len(lines) - 40} more lines)"]
        text = "\n".join(lines).replace(str(files["dir"]), ".").replace(f"{sys.executable} -m reposelect", "reposelect")
        out.append(f"Output (exit status {p.returncode}):\n\n```text\n{text}\n```\n")
    return "\n".join(out)


def subcommands(help_text: str) -> list[str]:
    """The subcommands a command's help lists under its positional argument ("{run,check}" or the
    indented "    run    ..." lines argparse prints for subparsers)."""
    m = re.search(r"^usage: reposelect \S+ .*?\b([A-Z]+) \.\.\.\s*$", help_text, flags=re.M)
    if not m:
        return []
    return re.findall(r"^ {4}([a-z][\w-]*)(?: {2,}\S|\s*$)", help_text, flags=re.M)


def page_cli() -> str:
    top = reposelect("--help")
    # the commands are the indented "    name   help" lines of the top-level help
    commands = re.findall(r"^ {4}([a-z][\w-]*) {2,}\S", top, flags=re.M)
    if not commands:
        raise RuntimeError("cannot find the command list in `reposelect --help`:\n" + top)
    parts = ["# Command line\n", provenance("reposelect --help` and `reposelect COMMAND --help"),
             "Every command is `reposelect COMMAND ...` (installed by `pip install -e .`; in the "
             "repository use `.venv/bin/reposelect` or `./dev.sh`). The input and output formats are "
             "specified in [chapter 6, the wire format](../spec/wire.md).\n",
             "## reposelect\n", fenced(top)]
    missing = []
    import json as _json
    import tempfile

    with tempfile.TemporaryDirectory(prefix="reposelect-cli-") as tmp:
        d = Path(tmp)
        import home

        case_text = home.wire_example_text(SPEC_SRC)
        case = _json.loads(case_text)
        (d / "case.json").write_text(case_text, encoding="utf-8")
        (d / "mm.json").write_text(_json.dumps({"role": "mm", "grid": case["grid"], **case["mm"]}), encoding="utf-8")
        (d / "rm.json").write_text(_json.dumps({"role": "rm", "grid": case["grid"], **case["rm"]}), encoding="utf-8")
        files = {"dir": d, "case": str(d / "case.json"), "cases": _json.dumps(case) + "\n" + _json.dumps(
                 dict(case, theta="1.5")) + "\n", "mm": str(d / "mm.json"), "rm": str(d / "rm.json"),
                 "log": str(d / "log.sqlite"), "serve": f"{sys.executable} -m reposelect serve"}
        for c in commands:
            try:
                help_text = reposelect(c, "--help")
            except Unavailable:
                missing.append(c)
                continue
            parts += [f"## reposelect {c}\n", fenced(help_text)]
            for sub in subcommands(help_text):  # `conform run`, `chain gas`, ...: each its own help
                parts += [f"### reposelect {c} {sub}\n", fenced(reposelect(c, sub, "--help"))]
            example = cli_example(c, files)
            parts.append("**Example**\n\n" + example if example else
                         f"Run `reposelect {c} --help` for its arguments.\n")
    if missing:
        print(f"generate: cli page: commands not in this build, left out: {', '.join(missing)}")
    return "\n".join(parts)


def page_examples() -> str:
    import examples  # docs/examples.py: the plots (imports matplotlib only here)

    return examples.page(IMG)


def write_parts() -> list[str]:
    """The fragments that hand-written pages include (`--8<-- "gen/parts/NAME.md"`), and their images."""
    import home  # docs/home.py: the home page's diagram, worked example and "what is proved" box

    try:
        for path in home.write_parts(GEN / "parts", IMG, SPEC_OUT):
            print(f"generate: wrote {path}")
    except (RuntimeError, FileNotFoundError) as e:
        return [f"home page parts: not generated: {e}"]
    return []


CITED_MODULE = re.compile(r"\breposelect\.(?:reference|proofs|conformance)(?:\.\w+)+")
API_DIRECTIVE = re.compile(r"^:::\s*([\w.]+)\s*$", re.M)


def _module_of(dotted: str) -> str | None:
    """The longest prefix of `reposelect.proofs.solve.run` that is a module or package of this repository."""
    parts = dotted.split(".")
    for cut in range(len(parts), 2, -1):
        rel = Path({"reference": "reference", "proofs": "proofs", "conformance": "conformance"}[parts[1]], *parts[2:cut])
        if (ROOT / rel.with_suffix(".py")).is_file() or (ROOT / rel / "__init__.py").is_file():
            return ".".join(parts[:cut])
    return None


def api_cited_modules() -> list[str]:
    """The modules the specification names (`reposelect.proofs.solve`, `reposelect.reference.game.dealer_profits`,
    ...) that docs/api.md does not document itself, in the order the chapters cite them."""
    listed = set(API_DIRECTIVE.findall((DOCS / "api.md").read_text(encoding="utf-8")))
    out = []
    for chapter in sorted(SPEC_SRC.glob("*.md")):
        for m in CITED_MODULE.finditer(chapter.read_text(encoding="utf-8")):
            mod = _module_of(m.group(0))
            if mod and mod not in listed and mod not in out and mod.count(".") >= 2:
                out.append(mod)
    return out


def write_api_part() -> list[str]:
    """gen/parts/api-cited.md (included by docs/api.md): every module the spec cites that the page does not
    list by hand, so the API page covers what the spec refers to as the modules change."""
    mods = api_cited_modules()
    (GEN / "parts").mkdir(parents=True, exist_ok=True)
    if mods:
        text = "".join(f"### `{m}`\n\n::: {m}\n    options:\n      show_source: false\n      show_root_heading: false\n\n"
                       for m in mods)
    else:
        text = "Every module the specification cites is documented above.\n"
    (GEN / "parts" / "api-cited.md").write_text(text, encoding="utf-8")
    print(f"generate: API page: {len(mods)} more modules the spec cites ({', '.join(mods) or 'none'})")
    return []


def page_calibrated() -> str:
    """The calibrated example: the data file's figures (observed with sources, assumed with reasons)
    and `reposelect demo --calibrated` run at build time."""
    import json as _json

    data = _json.loads((ROOT / "reposelect" / "calibrated.json").read_text(encoding="utf-8"))
    out = reposelect("demo", "--calibrated")
    case = _json.loads(reposelect("demo", "--calibrated", "--json"))
    o = case["outcome"]
    rows_obs = ["| figure | value | date | source |", "| --- | --- | --- | --- |"]
    for f in data["observed"]:
        rows_obs.append(f"| {f['name']} | {f['value']} {f['unit']} | {f['date']} | [{f['source']}]({f['url']}) |")
    rows_asm = ["| figure | value | why |", "| --- | --- | --- |"]
    for f in data["assumed"]:
        rows_asm.append(f"| `{f['id']}` | {f['value']} {f['unit']} | {f['why']} |")
    sel = (f"The contract selects **{o['volume']} billion** at {o['r_mm']} % (MM) and {o['r_rm']} % (RM), "
           f"the dealers trading at {o['r_bd']} %." if o["trade"] else "The contract instructs no trade.")
    return (f"# A calibrated example\n\n{provenance('reposelect demo --calibrated')}\n"
            "The contract at the magnitudes of the US repo market: annualised rates near the New York Fed's "
            "published overnight rates, volumes in billions of dollars, joint profit also in dollars per day. "
            "The figures live in one data file, `reposelect/calibrated.json`, which says which are **observed** "
            "(published, with the source to check them against) and which are **assumed** (this example's "
            "choices, each with its reason). The case is built from them by "
            "`reposelect.demo.calibrated_case_json` and run through the reference, here and by "
            "`reposelect demo --calibrated`.\n\n"
            "## Observed\n\n" + "\n".join(rows_obs) + "\n\n"
            "## Assumed\n\n" + "\n".join(rows_asm) + "\n\n"
            "## The case and the outcome\n\n"
            "MM's schedule starts at TGCR, the fund's tri-party alternative, and rises a little with volume; RM's "
            "starts 10 bp above SOFR, the low end of the observed dispersion, and falls with volume. "
            f"{sel} The table marks which volumes are equilibria ([3.1](../spec/model.md#31-definition)) and which "
            "clear the hurdles ([4.2](../spec/contract.md#42-steps)).\n\n"
            "```json\n" + _json.dumps(case["case"], indent=1) + "\n```\n\n" + fenced(out))


def page_implementations() -> str:
    import implementations  # docs/implementations.py: every shipped implementation against the suite

    return implementations.page()


def page_results() -> str:
    import plots  # docs/plots.py: results plots (reference, closed forms, proofs, benchmarks/*.json)

    return plots.page(IMG)


IN_PROCESS = {"gen/examples.md", "gen/results.md"}  # matplotlib in this process

PAGES = {
    "gen/examples.md": page_examples,
    "gen/results.md": page_results,
    "gen/calibrated.md": page_calibrated,
    "gen/implementations.md": page_implementations,
    "gen/proof-report.md": page_proof_report,
    "gen/derivations.md": page_derivations,
    "gen/conformance-guide.md": page_conformance_guide,
    "gen/conformance-vectors.md": page_conformance_vectors,
    "gen/bench.md": page_bench,
    "gen/cli.md": page_cli,
}


# --------------------------------------------------------------------------- nav

def nav_files(nav) -> list[str]:
    out = []
    for item in nav:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for v in item.values():
                out.extend(nav_files(v) if isinstance(v, list) else [v])
    return out


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its `!ENV [NAME, default]` tags read as the default."""


_Loader.add_constructor("!ENV", lambda loader, node: (loader.construct_sequence(node) + [None])[1]
                        if isinstance(node, yaml.SequenceNode) else None)


def load_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def load_nav() -> list[str]:
    cfg = load_config(DOCS.parent / "mkdocs.yml")
    return nav_files(cfg.get("nav", []))


# --------------------------------------------------------------------------- after the build

TEX_WORDS = {r"\pi": "π", r"\theta": "θ", r"\le": "≤", r"\leq": "≤", r"\ge": "≥", r"\geq": "≥",
             r"\ne": "≠", r"\in": "∈", r"\times": "×", r"\cdot": "·", r"\dots": "…", r"\ldots": "…",
             r"\infty": "∞", r"\to": "→", r"\iff": "⇔", r"\varnothing": "∅", r"\emptyset": "∅",
             r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ", r"\bar": "", r"\max": "max",
             r"\min": "min", r"\{": "{", r"\}": "}", r"\,": " ", r"\;": " ", r"\ ": " ", r"\quad": " ",
             r"\qquad": " ", r"\|": "‖"}


def plain_math(tex: str) -> str:
    """TeX as a search snippet shows it: Greek letters and relations as characters, no backslashes."""
    for k in sorted(TEX_WORDS, key=len, reverse=True):
        tex = re.sub(re.escape(k) + r"(?![A-Za-z])", TEX_WORDS[k], tex)
    tex = re.sub(r"\\(?:text|mathrm|texttt|mathbf|operatorname|tfrac|frac|sqrt|left|right|big|Big|tag)\b", " ", tex)
    tex = re.sub(r"\\[A-Za-z]+", "", tex)
    tex = tex.replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"\s+", " ", tex).strip()


def api_pages(site: Path) -> list[Path]:
    """The built pages that mkdocstrings rendered docstrings into."""
    return sorted(p for p in site.rglob("*.html") if 'class="doc doc-' in p.read_text(encoding="utf-8"))


def spec_prefix(site: Path, page: Path) -> str:
    """How a built page reaches the spec's pages ("spec/" from the site's root)."""
    return Path(os.path.relpath(site / "spec", page.parent)).as_posix() + "/"


BUILD_PATH = re.compile(r"(?:[\w.+-]*/)*\.api-src/reposelect/(reference|proofs|conformance)/")


def link_api_pages(site: Path) -> int:
    """The section references of the docstrings (rendered by mkdocstrings) as links to the spec's
    anchors, by docs/xref.py's resolver; the Python sources are not touched. Fails on a reference
    that stays plain text or points at a section or anchor the spec does not have."""
    spec = xref.Spec(SPEC_SRC)
    pages = api_pages(site)
    if not pages:
        print(f"generate: no API page (mkdocstrings output) under {site}", file=sys.stderr)
        return 1
    bad = 0
    for page in pages:
        prefix = spec_prefix(site, page)
        html = page.read_text(encoding="utf-8")
        new = xref.link_html(html, spec, prefix)
        # "Source code in docs/.api-src/reposelect/reference/select.py": the file as the repository has it
        new = BUILD_PATH.sub(lambda m: m.group(1) + "/", new)
        links = new.count('class="spec-ref"') - html.count('class="spec-ref"')
        if new != html:
            page.write_text(new, encoding="utf-8")
        for msg in xref.html_problems(new, spec, prefix):
            print(f"generate: {page.relative_to(site)}: {msg}", file=sys.stderr)
            bad += 1
        if ".api-src" in new:
            print(f"generate: {page.relative_to(site)}: a build-time path (.api-src) is left on the page", file=sys.stderr)
            bad += 1
        print(f"generate: {page.relative_to(site)}: {links} section references in docstrings linked")
    return 1 if bad else 0


def after_build(site: Path) -> int:
    """The docstrings' section references as links; the search index without raw TeX, and the
    specification's pages ranked first."""
    if link_api_pages(site):
        return 1
    path = site / "search" / "search_index.json"
    if not path.is_file():
        print(f"generate: no search index at {path}", file=sys.stderr)
        return 1
    import json as _json

    data = _json.loads(path.read_text(encoding="utf-8"))
    math = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]|\$\$(.*?)\$\$", re.S)
    for doc in data.get("docs", []):
        for key in ("text", "title"):
            if isinstance(doc.get(key), str):
                doc[key] = math.sub(lambda m: plain_math(next(g for g in m.groups() if g is not None)), doc[key])
                doc[key] = BUILD_PATH.sub(lambda m: m.group(1) + "/", doc[key])
        if doc.get("location", "").startswith("spec/"):
            doc["boost"] = 2
    path.write_text(_json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"generate: search index without raw TeX, spec pages boosted ({path})")
    return 0


# --------------------------------------------------------------------------- main

SOURCE_MARKER = re.compile(r"^<!--\s*source:\s*([A-Za-z_][\w.]*)\s*-->\s*$")


def module_file(qualname: str) -> str:
    """'reposelect.reference.game.dealer_profits' -> 'reference/game.py' (the file in this repository)."""
    parts = qualname.split(".")
    mapping = {"reference": "reference", "proofs": "proofs", "conformance": "conformance"}
    for cut in range(len(parts) - 1, 1, -1):
        mod = parts[:cut]
        if mod[0] == "reposelect" and len(mod) > 1 and mod[1] in mapping:
            rel = Path(mapping[mod[1]], *mod[2:])
        else:
            rel = Path(*mod)
        if (ROOT / rel.with_suffix(".py")).is_file():
            return rel.with_suffix(".py").as_posix()
    return ".".join(parts[:-1])


def title_source_blocks(text: str) -> str:
    """The site's copy of a chapter: each `<!-- source: NAME -->` code block titled with its module and
    file (the consensus-specs habit). Nothing else changes; spec/ itself keeps plain fences."""
    lines = text.split("\n")
    for i, line in enumerate(lines[:-1]):
        m = SOURCE_MARKER.match(line)
        if m and re.match(r"^(`{3,}|~{3,})(python|py)\s*$", lines[i + 1]):
            name = m.group(1)
            mod = name.rsplit(".", 1)[0]
            lines[i + 1] = f'{lines[i + 1].rstrip()} title="{mod} ({module_file(name)})"'
    return "\n".join(lines)


def copy_spec(nav: list[str]) -> list[str]:
    """Copy spec/*.md to docs/spec/; return problems (a chapter not in the nav, a nav entry with no chapter)."""
    if SPEC_OUT.exists():
        shutil.rmtree(SPEC_OUT)
    SPEC_OUT.mkdir(parents=True)
    names = sorted(p.name for p in SPEC_SRC.glob("*.md"))
    for name in names:
        text = (SPEC_SRC / name).read_text(encoding="utf-8")
        (SPEC_OUT / name).write_text(title_source_blocks(text), encoding="utf-8")
    problems = []
    in_nav = {f.split("/", 1)[1] for f in nav if f.startswith("spec/")}
    for name in names:
        if name not in in_nav:
            problems.append(f"spec/{name} is not in mkdocs.yml's nav (add it so the site renders it)")
    for name in sorted(in_nav - set(names)):
        problems.append(f"mkdocs.yml's nav lists spec/{name}, which does not exist in spec/")
    return problems


def link_api_source() -> None:
    """Give mkdocstrings a static view of `reposelect.reference`, `.proofs` and `.conformance` (pyproject maps
    them to top-level folders): docs/.api-src/reposelect/__init__.py (empty) and a link per package."""
    if API_SRC.exists():
        shutil.rmtree(API_SRC)
    pkg = API_SRC / "reposelect"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""reposelect (the packages the API page documents are linked here)."""\n')
    for name in ("reference", "proofs", "conformance"):  # pyproject's package-dir mapping, for static analysis
        (pkg / name).symlink_to(os.path.relpath(ROOT / name, pkg), target_is_directory=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="docs/generate.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--fix", action="store_true", help="first rewrite the spec's source blocks from the reference")
    ap.add_argument("--only", action="append", default=[], metavar="PAGE",
                    help="generate only this gen/ page (repeatable), e.g. gen/examples.md")
    ap.add_argument("--after-build", type=Path, metavar="SITE",
                    help="after `mkdocs build`: rewrite SITE's search index (plain math, spec pages first) and stop")
    ap.add_argument("--docs-dir", type=Path, metavar="DIR",
                    help="write into DIR (a copy of docs/ next to a copy of mkdocs.yml) instead of docs/")
    args = ap.parse_args(argv)
    if args.after_build:
        return after_build(args.after_build)
    if args.docs_dir:
        global DOCS, SPEC_OUT, GEN, API_SRC, IMG
        DOCS = args.docs_dir.resolve()
        SPEC_OUT, GEN, API_SRC = DOCS / "spec", DOCS / "gen", DOCS / ".api-src"
        IMG = GEN / "img"
    t0 = time.perf_counter()

    if args.fix:
        changed, unfixable = spec_sources.fix()
        for path in changed:
            print(f"generate: rewrote source blocks in {path.relative_to(ROOT)}")
        for msg in unfixable:
            print(f"generate: {msg}", file=sys.stderr)
    count, problems = spec_sources.check()
    if problems:
        print("generate: spec code blocks differ from the reference "
              "(run `.venv/bin/python docs/generate.py --fix`):", file=sys.stderr)
        for msg in problems:
            print("  " + msg, file=sys.stderr)
        return 1
    print(f"generate: {count} spec source blocks match the reference")

    nav = load_nav()
    link_api_source()
    problems = copy_spec(nav)
    print(f"generate: copied {len(list(SPEC_OUT.glob('*.md')))} spec chapters into {SPEC_OUT}")

    wanted = [f for f in nav if f.startswith("gen/")]
    unknown = [f for f in wanted if f not in PAGES]
    problems += [f"mkdocs.yml's nav lists {f}, which docs/generate.py does not know how to make" for f in unknown]
    if args.only:
        wanted = [f for f in wanted if f in args.only]
    else:
        if GEN.exists():
            shutil.rmtree(GEN)
    GEN.mkdir(parents=True, exist_ok=True)
    spec_refs = xref.Spec(SPEC_SRC)
    problems += write_parts()
    problems += write_api_part()
    def make(f: str) -> str | None:
        t = time.perf_counter()
        try:
            text = PAGES[f]()
        except Unavailable as e:
            problems.append(f"{f}: not generated, a command or file it needs is missing: {e}")
            return None
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            problems.append(f"{f}: not generated: {e}")
            return None
        text = xref.fix_text(text, DOCS / f, spec_refs)  # section references in generated text become links
        (DOCS / f).write_text(text, encoding="utf-8")
        print(f"generate: wrote {DOCS / f} ({time.perf_counter() - t:.1f} s)", flush=True)
        return f

    # The pages that draw with matplotlib run here, one after the other (pyplot is not thread-safe);
    # the pages that only run commands run meanwhile, in threads.
    known = [f for f in wanted if f in PAGES]
    drawn = [f for f in known if f in IN_PROCESS]
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(make, f) for f in known if f not in IN_PROCESS]
        for f in drawn:
            make(f)
        for fut in futures:
            fut.result()

    if problems:
        print("generate: problems:", file=sys.stderr)
        for msg in problems:
            print("  " + msg, file=sys.stderr)
        return 1
    print(f"generate: done in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
