// Compile the contracts with the pinned solcjs (package-lock.json) into ../chain/artifacts/.
// Deterministic: the same sources and settings give the same bytecode (tests/chain checks it).
//   node contracts/compile.js [OUT_DIR]
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const solc = require("solc");

const CONTRACTS = ["Selection", "SessionLog", "Transparent"];
const here = __dirname;
const outDir = path.resolve(process.argv[2] || path.join(here, "..", "chain", "artifacts"));
const settings = {
  optimizer: { enabled: true, runs: 200 },
  viaIR: false,
  evmVersion: "shanghai",
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
};
const sources = {};
for (const name of CONTRACTS) {
  const file = `${name}.sol`;
  if (fs.existsSync(path.join(here, file))) sources[file] = { content: fs.readFileSync(path.join(here, file), "utf8") };
}
const out = JSON.parse(solc.compile(JSON.stringify({ language: "Solidity", sources, settings })));
const errors = (out.errors || []).filter((e) => e.severity === "error");
for (const e of out.errors || []) process.stderr.write(e.formattedMessage + "\n");
if (errors.length) process.exit(1);
fs.mkdirSync(outDir, { recursive: true });
for (const file of Object.keys(sources)) {
  const name = path.basename(file, ".sol");
  const c = out.contracts[file][name];
  const artifact = {
    contract: name,
    source: `contracts/${file}`,
    source_sha256: crypto.createHash("sha256").update(sources[file].content).digest("hex"),
    compiler: `solc ${solc.version()}`,
    settings: { optimizer: settings.optimizer, viaIR: settings.viaIR, evmVersion: settings.evmVersion },
    abi: c.abi,
    bytecode: "0x" + c.evm.bytecode.object,
    deployedBytecode: "0x" + c.evm.deployedBytecode.object,
  };
  fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(artifact, null, 1) + "\n");
  process.stdout.write(`${name}: ${c.evm.deployedBytecode.object.length / 2} bytes deployed\n`);
}
