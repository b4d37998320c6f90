#!/usr/bin/env node
// mini.mjs: a small, independent implementation of the wire format in JavaScript
// (spec chapters 3, 4 and 6), written from the spec, sharing no code with the reference.
// Exact arithmetic with BigInt scaled decimals; equilibria by the conditions of spec/model.md
// 3.3 with the upper-envelope algorithm of 3.4 (O(N)). Its known gap is in mini.skip (duplicate keys are invisible to
// JSON.parse). JSON.parse reads 50.0 and 1e1 as integers, so numbers with a fraction or an exponent are marked first.
//   reposelect conform run --impl "node conformance/adapters/mini.mjs" --skip conformance/adapters/mini.skip

const KEYS = ["grid", "mm", "rm", "theta", "tie_break"], REQUIRED = ["grid", "mm", "rm"], REPORT = ["rates", "hurdle"];
const TIES = ["largest_volume", "smallest_volume"];
const MAX_N = 1000000, MAX_VOLUME = 10 ** 15, MAX_DIGITS = 12;
// spec/wire.md 6.5: the size of a case's text, derived from the limits above.
const COMPACT_CASE_BYTES = (MAX_N + 1) * (1 + 16 + 1) + 2 * MAX_N * (2 + 1 + MAX_DIGITS + 1 + MAX_DIGITS + 1) + 1024;
const MAX_CASE_BYTES = 2 * COMPACT_CASE_BYTES, MAX_CASE_COMMAS = 3 * MAX_N + 4;
const PLAIN = /^-?([0-9]+)(?:\.([0-9]+))?$/;

class WireError extends Error {
  constructor(code, message, path) { super(message); this.code = code; this.path = path; }
}
const fail = (code, message, path) => { throw new WireError(code, message, path); };

// Decimals: {n: BigInt, s: scale} meaning n / 10^s.
const dec = (t) => { const m = PLAIN.exec(t); const f = m[2] || ""; return { n: BigInt(t.replace(".", "")), s: f.length, i: m[1].length, f: f.length }; };
const up = (x, s) => x.n * 10n ** BigInt(s - x.s);
const cmp = (x, y) => { const s = Math.max(x.s, y.s); const a = up(x, s), b = up(y, s); return a < b ? -1 : a > b ? 1 : 0; };
const sub = (x, y) => { const s = Math.max(x.s, y.s); return { n: up(x, s) - up(y, s), s }; };
const add = (x, y) => { const s = Math.max(x.s, y.s); return { n: up(x, s) + up(y, s), s }; };
const mul = (x, y) => ({ n: x.n * y.n, s: x.s + y.s });
const str = (x) => {
  const neg = x.n < 0n; let d = (neg ? -x.n : x.n).toString();
  if (x.s === 0) return (neg && d !== "0" ? "-" : "") + d;
  d = d.padStart(x.s + 1, "0");
  const out = d.slice(0, -x.s) + "." + d.slice(-x.s);
  return (neg && /[1-9]/.test(d) ? "-" : "") + out;
};

// A JSON number written with a fraction or an exponent (never a valid value in a case).
class JsonFloat { constructor(text) { this.text = text; } }
const FLOAT_KEY = "\u0000float";
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
function markFloats(text) {
  // Rewrite each such number outside strings as {"\u0000float": "<text>"}, revived as a JsonFloat.
  let out = "", last = 0, i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < n; i++) { const d = text.charCodeAt(i); if (d === 92) i++; else if (d === 34) { i++; break; } }
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) { i++; continue; }
      if (m[1] || m[2]) { out += text.slice(last, i) + JSON.stringify({ [FLOAT_KEY]: m[0] }); last = i + m[0].length; }
      i += m[0].length;
    } else i++;
  }
  if (last === 0) return null;
  return out + text.slice(last);
}
const revive = (k, v) => (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1
  && Object.prototype.hasOwnProperty.call(v, FLOAT_KEY) ? new JsonFloat(v[FLOAT_KEY]) : v);

const kind = (v) => v === null ? "null" : v instanceof JsonFloat ? `the JSON number ${v.text}` : Array.isArray(v) ? "an array" : typeof v;
const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof JsonFloat);

function expectObject(v, path, keys, required) {
  if (!isObj(v)) fail("schema", `${path} is ${kind(v)}; an object is expected`, path);
  const sub = (k) => (path === "$" ? k : `${path}.${k}`);
  for (const k of Object.keys(v)) if (!keys.includes(k)) fail("schema", `unknown key ${k}`, sub(k));
  for (const k of required) if (!(k in v)) fail("schema", `missing key ${k}`, sub(k));
}
function expectString(v, path) {
  if (typeof v !== "string") fail("schema", `${path} is ${kind(v)}; a string is expected`, path);
  return v;
}

function parseCase(buf) {
  // too_large before anything is parsed (spec/wire.md 6.5)
  if (buf.length > MAX_CASE_BYTES) fail("too_large", "the text is too long", "$");
  let commas = 0;
  for (let i = buf.indexOf(44); i >= 0; i = buf.indexOf(44, i + 1)) commas++;
  if (commas > MAX_CASE_COMMAS) fail("too_large", `${commas} commas`, "$");
  let text;
  // ignoreBOM: a byte-order mark stays in the text, and JSON.parse refuses it (spec/wire.md 6.4)
  try { text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(buf); } catch { fail("invalid_json", "not UTF-8", "$"); }
  if (!text.trim()) fail("invalid_json", "empty line", "$");
  let doc;
  try { doc = JSON.parse(text); } catch (e) { fail("invalid_json", String(e.message), "$"); }
  const marked = markFloats(text);
  if (marked !== null) doc = JSON.parse(marked, revive);
  // schema, top-down
  expectObject(doc, "$", KEYS, REQUIRED);
  const grid = doc.grid;
  if (!Array.isArray(grid)) fail("schema", "grid is not an array", "grid");
  grid.forEach((q, i) => { if (typeof q !== "number" || !Number.isInteger(q)) fail("schema", `grid[${i}] is not an integer`, `grid[${i}]`); });
  if (grid.length < 2) fail("schema", "grid needs two volumes", "grid");
  for (const side of ["mm", "rm"]) {
    expectObject(doc[side], side, REPORT, REPORT);
    if (!Array.isArray(doc[side].rates)) fail("schema", `${side}.rates is not an array`, `${side}.rates`);
    doc[side].rates.forEach((r, i) => expectString(r, `${side}.rates[${i}]`));
    expectString(doc[side].hurdle, `${side}.hurdle`);
  }
  if ("theta" in doc) expectString(doc.theta, "theta");
  const tie = "tie_break" in doc ? expectString(doc.tie_break, "tie_break") : "largest_volume";
  if (!TIES.includes(tie)) fail("schema", `unknown tie_break ${tie}`, "tie_break");
  // not_a_decimal, in document order
  const items = [];
  for (const side of ["mm", "rm"]) {
    doc[side].rates.forEach((r, i) => items.push([`${side}.rates[${i}]`, r]));
    items.push([`${side}.hurdle`, doc[side].hurdle]);
  }
  if ("theta" in doc) items.push(["theta", doc.theta]);
  for (const [p, t] of items) if (!PLAIN.test(t)) fail("not_a_decimal", `${p} is not a plain decimal`, p);
  // too_large
  const n = grid.length - 1;
  if (n > MAX_N) fail("too_large", `N = ${n}`, "grid");
  grid.forEach((q, i) => { if (Math.abs(q) > MAX_VOLUME) fail("too_large", `grid[${i}] beyond the volume limit`, `grid[${i}]`); });
  const vals = items.map(([p, t]) => [p, dec(t)]);
  for (const [p, v] of vals) if (v.i > MAX_DIGITS || v.f > MAX_DIGITS) fail("too_large", `${p} has too many digits`, p);
  const byPath = new Map(vals);
  const get = (p) => byPath.get(p);
  // the grid
  if (grid[0] !== 0) fail("grid_not_starting_at_zero", "grid[0] is not 0", "grid[0]");
  for (let i = 1; i < grid.length; i++) if (grid[i] <= grid[i - 1]) fail("grid_not_increasing", `grid[${i}] is not above grid[${i - 1}]`, `grid[${i}]`);
  for (const side of ["mm", "rm"]) if (doc[side].rates.length !== n) fail("length_mismatch", `${side}.rates has the wrong length`, `${side}.rates`);
  const a = doc.mm.rates.map((_, i) => get(`mm.rates[${i}]`)), b = doc.rm.rates.map((_, i) => get(`rm.rates[${i}]`));
  const zero = { n: 0n, s: 0 };
  for (const [side, xs] of [["mm", a], ["rm", b]]) xs.forEach((x, i) => { if (cmp(x, zero) < 0) fail("negative_rate", `${side}.rates[${i}] is negative`, `${side}.rates[${i}]`); });
  const hm = get("mm.hurdle"), hr = get("rm.hurdle");
  if (cmp(hm, zero) < 0) fail("negative_hurdle", "mm.hurdle is negative", "mm.hurdle");
  if (cmp(hr, zero) < 0) fail("negative_hurdle", "rm.hurdle is negative", "rm.hurdle");
  for (let i = 1; i < n; i++) if (cmp(a[i], a[i - 1]) < 0) fail("non_monotone_schedule", `mm.rates[${i}] decreases`, `mm.rates[${i}]`);
  for (let i = 1; i < n; i++) if (cmp(b[i], b[i - 1]) > 0) fail("non_monotone_schedule", `rm.rates[${i}] increases`, `rm.rates[${i}]`);
  const theta = "theta" in doc ? get("theta") : dec("0.5");
  if (cmp(theta, zero) <= 0 || cmp(theta, { n: 1n, s: 0 }) >= 0) fail("theta_out_of_range", "theta is not in (0, 1)", "theta");
  return { grid, a, b, hm, hr, theta, tie };
}

// For each k: max over j < k of slopes[j] * xs[k] + icpt[j] (slopes strictly increasing, xs non-increasing).
function prefixLineMaxima(slopes, icpt, xs) {
  const out = new Array(slopes.length).fill(0n), sm = [], sc = [];
  for (let k = 0; k < slopes.length; k++) {
    if (k) {
      const x = xs[k];
      while (sm.length >= 2 && sm[sm.length - 2] * x + sc[sc.length - 2] >= sm[sm.length - 1] * x + sc[sc.length - 1]) { sm.pop(); sc.pop(); }
      out[k] = sm[sm.length - 1] * x + sc[sc.length - 1];
    }
    const m3 = slopes[k], c3 = icpt[k];
    while (sm.length >= 2) {
      const m1 = sm[sm.length - 2], c1 = sc[sc.length - 2], m2 = sm[sm.length - 1], c2 = sc[sc.length - 1];
      if ((c1 - c3) * (m2 - m1) <= (c1 - c2) * (m3 - m1)) { sm.pop(); sc.pop(); } else break;
    }
    sm.push(m3); sc.push(c3);
  }
  return out;
}

function select(c) {
  const n = c.grid.length - 1;
  const S = Math.max(...c.a.map((x) => x.s), ...c.b.map((x) => x.s));
  const A = [c.a[0], ...c.a].map((x) => up(x, S)), B = [c.b[0], ...c.b].map((x) => up(x, S));
  const Q = c.grid.map(BigInt);
  const P = Q.map((q, k) => (B[k] - A[k]) * q);
  // spec/model.md 3.3-3.4: (k, k) is an equilibrium iff no downward move pays; each side's best
  // downward move is an upper envelope of lines queried at non-increasing points.
  const mmBest = prefixLineMaxima(Q, Q.map((q, j) => -A[j] * q), B);
  const rmBest = prefixLineMaxima(Q, Q.map((q, i) => B[i] * q), A.map((x) => -x));
  const eq = [0];
  for (let k = 1; k <= n; k++) if (mmBest[k] <= P[k] && rmBest[k] <= P[k]) eq.push(k);
  const h = cmp(c.hm, c.hr) >= 0 ? c.hm : c.hr;
  const feasible = eq.filter((k) => k >= 1 && cmp(sub(c.b[k - 1], c.a[k - 1]), h) >= 0);
  let best = null;
  for (const k of feasible) {
    if (best === null || P[k] > P[best] || (P[k] === P[best] && (c.tie === "largest_volume") === (k > best))) best = k;
  }
  if (best === null) return { trade: false, index: 0, volume: 0, r_mm: null, r_rm: null, r_bd: null, spread: null, joint_profit: null, equilibria: eq, feasible };
  const ra = c.a[best - 1], rb = c.b[best - 1], s = sub(rb, ra);
  return { trade: true, index: best, volume: c.grid[best], r_mm: str(ra), r_rm: str(rb), r_bd: str(add(ra, mul(c.theta, s))),
           spread: str(s), joint_profit: str(mul(s, { n: BigInt(c.grid[best]), s: 0 })), equilibria: eq, feasible };
}

function answer(buf) {
  try { return select(parseCase(buf)); }
  catch (e) { if (e instanceof WireError) return { error: { code: e.code, message: e.message, path: e.path } }; throw e; }
}

// JSON Lines on raw bytes (a line may be invalid UTF-8): split on \n ourselves.
let pending = Buffer.alloc(0);
const out = (buf) => {
  let line = buf;
  if (line.length && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
  process.stdout.write(JSON.stringify(answer(line)) + "\n");
};
process.stdin.on("data", (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  let i;
  while ((i = pending.indexOf(10)) >= 0) { out(pending.subarray(0, i)); pending = pending.subarray(i + 1); }
});
process.stdin.on("end", () => { if (pending.length) out(pending); });
