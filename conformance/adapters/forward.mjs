#!/usr/bin/env node
// The shortest adapter: forward JSON Lines between the conformance runner and another
// program (default: `reposelect serve`). Replace the command with your implementation's.
//   reposelect conform run --impl "node conformance/adapters/forward.mjs"
//   REPOSELECT_SERVE="python -m reposelect serve" node conformance/adapters/forward.mjs
import { spawn } from "node:child_process";

const [cmd, ...args] = (process.env.REPOSELECT_SERVE || "reposelect serve").split(/\s+/).filter(Boolean);
const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "inherit"] });
process.stdin.pipe(child.stdin);
child.stdout.pipe(process.stdout);
child.on("exit", (code) => process.exit(code ?? 1));
