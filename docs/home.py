"""The generated parts of the home page (docs/index.md includes them with `--8<--`).

* `parties.svg` / `parties-tall.svg`: the four parties and the flows of cash and
  collateral (spec/model.md 1.1), drawn as plain SVG, wide for a desktop and tall for
  a phone.
* `worked.md`: the wire example of spec/wire.md 6.1 (N = 3) worked by hand through
  every step of spec/contract.md 4.2, each number computed here by the reference
  (`reposelect.reference`), exactly, and checked against `select` and the definition
  of an equilibrium before it is printed.
* `proved.md`: what is proved, per claim and rule variant, with the bound reached,
  read from the committed results (proofs/results/default-run.json).
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from html import escape
from pathlib import Path

import anchors
from reposelect.reference.decimals import fmt
from reposelect.reference.game import is_equilibrium, profile_profits
from reposelect.reference.select import hurdle_feasible, joint_profit, select
from reposelect.reference.wire import parse_case

ROOT = Path(__file__).resolve().parent.parent
PROOF_RESULTS = ROOT / "proofs" / "results" / "default-run.json"


# --------------------------------------------------------------------------- links

def link(number: str, text: str | None = None, prefix: str = "../spec/") -> str:
    """A markdown link to spec section `number` ("4.2"), from a page under gen/ by default."""
    s = anchors.by_number()[number]
    return f"[{text or number}]({prefix}{s.file}#{s.anchor})"


# --------------------------------------------------------------------------- the diagram

C_CASH, C_COLL, C_SEAL = "#1f5fa8", "#8a5a00", "#555555"


def _box(x, y, w, h, title, sub, fill):
    return (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10" fill="{fill}" stroke="#333" stroke-width="1.5"/>'
            f'<text x="{x + w / 2}" y="{y + h / 2 - 4}" text-anchor="middle" font-size="20" font-weight="bold">{escape(title)}</text>'
            f'<text x="{x + w / 2}" y="{y + h / 2 + 18}" text-anchor="middle" font-size="13">{escape(sub)}</text>')


def _svg_text(t: str) -> str:
    """Escaped text with r_mm, r_bd, r_rm written with subscripts and theta as θ."""
    t = escape(t).replace("theta", "θ")
    return re.sub(r"r_(mm|bd|rm)", r'r<tspan baseline-shift="sub" font-size="75%">\1</tspan>', t)


def _arrow(x1, y1, x2, y2, color, label, lx, ly, anchor="middle", dashed=False):
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    mk = {C_CASH: "cash", C_COLL: "coll", C_SEAL: "seal"}[color]
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" stroke-width="2.5"{dash} '
            f'marker-end="url(#arrow-{mk})"/>'
            f'<text x="{lx}" y="{ly}" text-anchor="{anchor}" font-size="13" fill="{color}">{_svg_text(label)}</text>')


def _defs():
    return "<defs>" + "".join(
        f'<marker id="arrow-{n}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
        for n, c in (("cash", C_CASH), ("coll", C_COLL), ("seal", C_SEAL))) + "</defs>"


PARTIES = (("MM", "money market fund", "#e8f0fb"), ("BDmm", "dealer facing MM", "#f4f4f4"),
           ("BDrm", "dealer facing RM", "#f4f4f4"), ("RM", "leveraged fund", "#fbeae8"))
RATES = ("r_mm", "r_bd", "r_rm")


def parties_svg(tall: bool = False) -> str:
    """The four parties in a row (or a column when `tall`), cash one way and collateral the other
    in the first leg, and the contract the dealers report to."""
    parts = []
    if not tall:
        W, H, bw, bh, gap, y = 940, 360, 150, 74, 100, 200
        xs = [25 + i * (bw + gap) for i in range(4)]
        for (t, s, f), x in zip(PARTIES, xs):
            parts.append(_box(x, y, bw, bh, t, s, f))
        for i in range(3):
            x1, x2 = xs[i] + bw + 4, xs[i + 1] - 4
            mid = (x1 + x2) / 2
            parts.append(_arrow(x1, y + 18, x2, y + 18, C_CASH, f"cash at {RATES[i]}", mid, y + 8))
            parts.append(_arrow(x2, y + bh - 14, x1, y + bh - 14, C_COLL, "collateral", mid, y + bh + 6))
        # the contract above the two dealers
        cx, cw, cy, ch = xs[1] + 20, xs[2] + bw - xs[1] - 40, 28, 70
        parts.append(_box(cx, cy, cw, ch, "the contract", "sealed enclave; selects one equilibrium", "#eef7ee"))
        for i in (1, 2):  # BDmm, BDrm
            bx = xs[i] + bw / 2
            parts.append(_arrow(bx - 12, y - 4, bx - 12, cy + ch + 4, C_SEAL, "", 0, 0, dashed=True))
            parts.append(_arrow(bx + 12, cy + ch + 4, bx + 12, y - 4, C_SEAL, "", 0, 0, dashed=True))
        parts.append(f'<text x="{xs[1] - 6}" y="{cy + ch + 40}" text-anchor="end" font-size="13" fill="{C_SEAL}">'
                     'sealed report: schedule + hurdle</text>')
        parts.append(f'<text x="{xs[2] + bw + 6}" y="{cy + ch + 40}" font-size="13" fill="{C_SEAL}">'
                     'instruction: volume and rates</text>')
        parts.append(f'<text x="{W / 2}" y="{H - 30}" text-anchor="middle" font-size="14">'
                     'First leg: cash flows from MM to RM and collateral from RM to MM; the second leg unwinds it.</text>')
        parts.append(f'<text x="{W / 2}" y="{H - 10}" text-anchor="middle" font-size="14">'
                     + _svg_text('The dealers earn the spread r_rm − r_mm, split at r_bd = r_mm + theta (r_rm − r_mm).') + '</text>')
    else:
        W, H, bw, bh, gap, x = 500, 760, 190, 74, 90, 105
        ys = [20 + i * (bh + gap) for i in range(4)]
        for (t, s, f), y in zip(PARTIES, ys):
            parts.append(_box(x, y, bw, bh, t, s, f))
        for i in range(3):
            y1, y2 = ys[i] + bh + 4, ys[i + 1] - 4
            mid = (y1 + y2) / 2
            parts.append(_arrow(x + 30, y1, x + 30, y2, C_CASH, f"cash at {RATES[i]}", x + 22, mid + 4, "end"))
            parts.append(_arrow(x + bw - 30, y2, x + bw - 30, y1, C_COLL, "collateral", x + bw - 22, mid + 4, "start"))
        cx, cy, cw, ch = x + bw + 60, ys[1] + 20, 125, ys[2] + bh - ys[1] - 40
        parts.append(f'<rect x="{cx}" y="{cy}" width="{cw}" height="{ch}" rx="10" fill="#eef7ee" stroke="#333" stroke-width="1.5"/>'
                     f'<text x="{cx + cw / 2}" y="{cy + ch / 2 - 10}" text-anchor="middle" font-size="18" font-weight="bold">the</text>'
                     f'<text x="{cx + cw / 2}" y="{cy + ch / 2 + 12}" text-anchor="middle" font-size="18" font-weight="bold">contract</text>'
                     f'<text x="{cx + cw / 2}" y="{cy + ch / 2 + 34}" text-anchor="middle" font-size="12">sealed enclave</text>')
        for i in (1, 2):
            by = ys[i] + bh / 2
            parts.append(_arrow(x + bw + 4, by - 8, cx - 4, by - 8, C_SEAL, "", 0, 0, dashed=True))
            parts.append(_arrow(cx - 4, by + 8, x + bw + 4, by + 8, C_SEAL, "", 0, 0, dashed=True))
        parts.append(f'<text x="{cx + cw / 2}" y="{cy - 16}" text-anchor="middle" font-size="12" fill="{C_SEAL}">'
                     'reports in, instructions out</text>')
        parts.append(f'<text x="{W / 2}" y="{H - 40}" text-anchor="middle" font-size="14">'
                     'First leg: cash down, collateral up;</text>')
        parts.append(f'<text x="{W / 2}" y="{H - 20}" text-anchor="middle" font-size="14">the second leg unwinds it.</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
            'font-family="sans-serif" role="img">'
            f"<title>The four parties of a repo chain and the flows of cash and collateral</title>{_defs()}"
            + "".join(parts) + "</svg>\n")


# --------------------------------------------------------------------------- the worked example

def wire_example_text(spec_dir: Path) -> str:
    """The first JSON block of spec/wire.md 6.1: the example case every chapter refers to."""
    text = (spec_dir / "wire.md").read_text(encoding="utf-8")
    sec = text.split("### 6.1", 1)[1]
    m = re.search(r"```json\n(.*?)```", sec, flags=re.S)
    if not m:
        raise RuntimeError("spec/wire.md 6.1 has no ```json example case")
    return m.group(1)


def _m(x) -> str:
    return fmt(x)


def worked(spec_dir: Path) -> str:
    src = wire_example_text(spec_dir)
    case = parse_case(src)
    out = select(case)
    n, q, th = case.n, case.grid, case.theta
    h = max(case.mm.hurdle, case.rm.hurdle)
    L = lambda num, text=None: link(num, text, prefix="spec/")  # noqa: E731  (index.md is at the root)
    p = []
    p.append(f"The example case of {L('6.1', 'the wire format')}, $N = {n}$, worked by hand. Every number "
             "below is computed at build time by the reference (`reposelect.reference`, exact decimals) "
             "and checked against `select` and the definition of an equilibrium before this page is written.\n")
    p.append("```json\n" + src.strip() + "\n```\n")
    # step 0: inputs
    p.append(f"**Step 1: the inputs** ({L('2.1')}, {L('4.1')}). Volumes in millions, rates in percent, "
             f"hurdles in percentage points; the split is $\\theta = {_m(th)}$.\n")
    rows = ["| $k$ | $q_k$ | $a_k$ (MM lends at) | $b_k$ (RM borrows at) |", "| ---: | ---: | ---: | ---: |"]
    for k in range(1, n + 1):
        rows.append(f"| {k} | {q[k]} | {_m(case.a(k))} | {_m(case.b(k))} |")
    p.append("\n".join(rows) + "\n")
    p.append(f"Hurdles: $h_{{mm}} = {_m(case.mm.hurdle)}$, $h_{{rm}} = {_m(case.rm.hurdle)}$, "
             f"so the larger hurdle is ${_m(h)}$.\n")
    # step 2: spreads and joint profits
    p.append(f"**Step 2: spreads and joint profits** ({L('4.2')} step 2, {L('2.3')}): "
             "$s_k = b_k - a_k$ and $\\pi_k = s_k q_k$.\n")
    rows = ["| $k$ | $s_k = b_k - a_k$ | $\\pi_k = s_k q_k$ |", "| ---: | --- | --- |"]
    for k in range(1, n + 1):
        s, pi = case.spread(k), joint_profit(case, k)
        rows.append(f"| {k} | ${_m(case.b(k))} - {_m(case.a(k))} = {_m(s)}$ | ${_m(s)} \\times {q[k]} = {_m(pi)}$ |")
    p.append("\n".join(rows) + "\n")
    # step 3: deviation checks
    p.append(f"**Step 3: which volumes are equilibria** ({L('3.3')}). Moving up never pays. A move down "
             "pays BDmm if some $(b_k - a_j)\\,q_j$ with $j < k$ beats $\\pi_k$, and pays BDrm if some "
             "$(b_i - a_k)\\,q_i$ with $i < k$ does (the $j = 0$ and $i = 0$ terms are 0; "
             "$\\theta$ cancels). Each check, term by term:\n")
    rows = ["| $k$ | $\\pi_k$ | BDmm moves down to $j$: $(b_k - a_j)\\,q_j$ | BDrm moves down to $i$: $(b_i - a_k)\\,q_i$ | equilibrium? |",
            "| ---: | ---: | --- | --- | --- |"]
    eq_by_hand = [0]
    for k in range(1, n + 1):
        pi = joint_profit(case, k)
        mm_terms, rm_terms, mm_max, rm_max = [], [], Decimal(0), Decimal(0)
        for j in range(1, k):
            v = (case.b(k) - case.a(j)) * q[j]
            mm_max = max(mm_max, v)
            mm_terms.append(f"$j={j}$: $({_m(case.b(k))} - {_m(case.a(j))}) \\times {q[j]} = {_m(v)}$")
        for i in range(1, k):
            v = (case.b(i) - case.a(k)) * q[i]
            rm_max = max(rm_max, v)
            rm_terms.append(f"$i={i}$: $({_m(case.b(i))} - {_m(case.a(k))}) \\times {q[i]} = {_m(v)}$")
        ok_mm, ok_rm = mm_max <= pi and pi >= 0, rm_max <= pi and pi >= 0
        is_eq = ok_mm and ok_rm
        # the 3.3 conditions must agree with the definition of 3.1 (every unilateral move, 2.3 payoffs)
        if is_eq != is_equilibrium(case, k):
            raise RuntimeError(f"worked example: the 3.3 check and the definition disagree at k = {k}")
        if is_eq:
            eq_by_hand.append(k)
        mm_cell = "; ".join(["$j=0$: $0$"] + mm_terms) + f" → max ${_m(mm_max)}$ {'≤' if ok_mm else '>'} $\\pi_{k}$"
        rm_cell = "; ".join(["$i=0$: $0$"] + rm_terms) + f" → max ${_m(rm_max)}$ {'≤' if ok_rm else '>'} $\\pi_{k}$"
        why = "yes" if is_eq else ("no: BDmm gains by moving down" if not ok_mm else "no: BDrm gains by moving down")
        rows.append(f"| {k} | ${_m(pi)}$ | {mm_cell} | {rm_cell} | {why} |")
    p.append("\n".join(rows) + "\n")
    # an explicit payoff check for one profile, so the reader sees the 2.3 formula at work
    k_show = max(eq_by_hand)
    if k_show >= 1:
        stay = profile_profits(case, k_show, k_show)
        p.append(f"In payoffs ({L('2.3')}): at $k = {k_show}$ BDmm earns $\\theta\\pi_{k_show} = {_m(stay[0])}$ "
                 f"and BDrm $(1-\\theta)\\pi_{k_show} = {_m(stay[1])}$; each downward move above earns the "
                 "dealer that share of its term, so the comparison with $\\pi_k$ is the same for both.\n")
    if tuple(eq_by_hand) != tuple(out.equilibria):
        raise RuntimeError(f"worked example: E by hand {eq_by_hand} != select's {list(out.equilibria)}")
    E = ", ".join(str(k) for k in eq_by_hand)
    p.append(f"So $E = \\{{{E}\\}}$ ({L('3.1')}): no trade, $k = 0$, is always an equilibrium ({L('3.2')}).\n")
    # step 4: F
    feas = [k for k in eq_by_hand if k >= 1 and hurdle_feasible(case, k)]
    if tuple(feas) != tuple(out.feasible):
        raise RuntimeError(f"worked example: F by hand {feas} != select's {list(out.feasible)}")
    GE = "\\ge"
    checks = "; ".join(f"$s_{k} = {_m(case.spread(k))} {GE if k in feas else '<'} {_m(h)}$"
                       for k in eq_by_hand if k >= 1) or "no trading equilibrium"
    Fs = ", ".join(str(k) for k in feas)
    p.append(f"**Step 4: keep the hurdle-feasible ones** ({L('4.2')} step 4): $s_k \\ge \\max(h_{{mm}}, h_{{rm}}) = {_m(h)}$. "
             f"{checks}. So $F = \\{{{Fs}\\}}$.\n")
    # step 5: selection
    if out.trade:
        k = out.index
        cands = "; ".join(f"$\\pi_{j} = {_m(joint_profit(case, j))}$" for j in feas)
        p.append(f"**Step 5: select** ({L('4.2')} steps 5 and 6): the largest joint profit in $F$: {cands}. "
                 f"The contract selects $k = {k}$, volume $q_{k} = {out.volume}$ "
                 f"(tie-break `{case.tie_break}` is not needed unless two are equal).\n")
        p.append(f"**Step 6: the instructions** ({L('4.3')}):\n")
        p.append(f"- BDmm pays MM $r_{{mm}} = a_{k} = {_m(out.r_mm)}$ % on {out.volume}.\n"
                 f"- BDrm charges RM $r_{{rm}} = b_{k} = {_m(out.r_rm)}$ % on {out.volume}.\n"
                 f"- The dealers trade {out.volume} with each other at $r_{{bd}} = a_{k} + \\theta s_{k} = "
                 f"{_m(case.a(k))} + {_m(th)} \\times {_m(out.spread)} = {_m(out.r_bd)}$ %.\n"
                 f"- Joint profit $\\pi_{k} = {_m(out.joint_profit)}$ (volume × percentage points): BDmm "
                 f"earns $\\theta \\pi_{k} = {_m(th * out.joint_profit)}$, BDrm $(1-\\theta)\\pi_{k} = "
                 f"{_m((1 - th) * out.joint_profit)}$.\n")
        others = [j for j in eq_by_hand if j >= 1 and j != k]
        if others:
            p.append(f"Without the contract, every volume in $E$ is stable, no trade included: nothing in the game "
                     f"picks $q_{k}$ over the others. The contract does, and it gives up no trade only for a "
                     f"hurdle-feasible equilibrium ({L('4.4')}).\n")
    else:
        p.append(f"**Step 5: select**: $F$ is empty, so the contract instructs no trade ({L('4.4')}).\n")
    from reposelect.reference.wire import dumps, outcome_to_json

    p.append(f"The outcome as the wire format prints it ({L('6.2')}); `reposelect select` gives the same:\n")
    p.append("```json\n" + dumps(outcome_to_json(out)) + "\n```\n")
    return "\n".join(p)


# --------------------------------------------------------------------------- what is proved

def _claim_links(spec_dir: Path) -> dict[str, str]:
    """claim name -> anchor in claims.md, from headings like '#### 7.1.3 ... (`existence`)'."""
    out = {}
    path = spec_dir / "claims.md"
    if not path.is_file():
        return out
    text = path.read_text(encoding="utf-8")
    secs = anchors.sections_of(path)
    raws = [raw for _, raw, _ in anchors.headings(text)]
    for s, raw in zip(secs, raws):
        for name in re.findall(r"`(\w+)`", raw):
            out.setdefault(name, f"{s.file}#{s.anchor}")
    return out


def proved(spec_dir: Path, results: Path = PROOF_RESULTS, prefix: str = "spec/") -> str:
    if not results.is_file():
        raise FileNotFoundError(f"{results} is missing (run `./dev.sh prove`)")
    data = json.loads(results.read_text(encoding="utf-8"))
    recs = data["records"]
    claims = list(dict.fromkeys(r["claim"] for r in recs))
    variants = list(dict.fromkeys(r["variant"] for r in recs))
    if "standard" in variants:
        variants.remove("standard")
        variants.insert(0, "standard")
    cell: dict[tuple[str, str], list[dict]] = {}
    for r in recs:
        cell.setdefault((r["claim"], r["variant"]), []).append(r)
    # the other committed runs (every N, a second solver, ...) add what they settle for the same claims and
    # variants; the scaling run is a timing run of bounds already shown, designer policies are not variants
    also = []
    for f in sorted(results.parent.glob("*.json")):
        if f == results or f.name == "scaling.json":
            continue
        try:
            more = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise RuntimeError(f"{f} is not JSON: {e}") from e
        added = 0
        for r in more.get("records", []) if isinstance(more, dict) else []:
            key = (r.get("claim"), r.get("variant"))
            if r.get("variant") not in variants or "bound" not in r or "verdict" not in r:
                continue
            if all(x["bound"] != r["bound"] for x in cell.get(key, [])):
                cell.setdefault(key, []).append(r)
                if r["claim"] not in claims:  # a claim only this run settles gets its own row
                    claims.append(r["claim"])
                added += 1
        if added:
            also.append(f"`proofs/results/{f.name}` (`{more.get('command', 'reposelect prove')}`, "
                        f"{more.get('date', '?')}: {added} more)")
    links = _claim_links(spec_dir)

    def show(rs: list[dict]) -> str:
        bounded = [r for r in rs if r["bound"] != "unbounded"]
        unb = [r for r in rs if r["bound"] == "unbounded"]
        bits = []
        for r in bounded:
            v = r["verdict"]
            if v == "proved" and r.get("witness"):
                bits.append(f"✔ example at N = {len(r['witness']['grid']) - 1}")
            elif v == "proved":
                bits.append(f"✔ N ≤ {r.get('reached') or r['bound']}")
            elif v == "refuted":
                cx = r.get("counterexample") or {}
                n = len(cx.get("grid", [])) - 1 if cx else None
                bits.append("✘ refuted" + (f" (N = {n})" if n else ""))
            else:
                bits.append(f"? {v}")
        for r in unb:
            bits.append({"proved": "✔ every N", "refuted": "✘ every N"}.get(r["verdict"], f"? every N: {r['verdict']}"))
        return "<br>".join(bits) if bits else "·"

    counts = {}
    for r in recs:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    head = "| claim | " + " | ".join(f"`{v}`" for v in variants) + " |"
    rows = [head, "| --- |" + " --- |" * len(variants)]
    for c in claims:
        name = f"[`{c}`]({prefix}{links[c]})" if c in links else f"`{c}`"
        rows.append(f"| {name} | " + " | ".join(show(cell.get((c, v), [])) for v in variants) + " |")
    summary = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
    body = (f"From `proofs/results/default-run.json` (`{data.get('command', 'reposelect prove')}`, "
            f"{data.get('date', '?')}, Z3 {data.get('z3', '?')}, {data.get('machine', '?')}): "
            f"{len(recs)} results, {summary}"
            + (", and " + ", ".join(also) if also else "") + ". "
            "✔ N ≤ n: proved for every grid up to n points (`unsat` of the negation, premises satisfiable); "
            "✔ every N: proved for every grid size (the unbounded lemma); ✔ example: an existence claim, shown by "
            "a case the reference replays; ✘: refuted by a concrete case the "
            "reference replays; ?: the solver did not settle it, which is not a proof. "
            f"The claims are [chapter 7]({prefix}{anchors.chapter_files(spec_dir).get('7', 'claims.md')}#"
            f"{anchors.by_number(spec_dir)['7'].anchor}); the rule variants change one assumption each.\n")
    table = "\n".join(rows)
    return ('<div class="proved-box" markdown="1">\n\n' + body + "\n" + table + "\n\n</div>\n")


def write_parts(out_dir: Path, img_dir: Path, spec_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    img_dir.mkdir(parents=True, exist_ok=True)
    (img_dir / "parties.svg").write_text(parties_svg(False), encoding="utf-8")
    (img_dir / "parties-tall.svg").write_text(parties_svg(True), encoding="utf-8")
    (out_dir / "worked.md").write_text(worked(spec_dir), encoding="utf-8")
    (out_dir / "proved.md").write_text(proved(spec_dir), encoding="utf-8")
    return [out_dir / "worked.md", out_dir / "proved.md"]
