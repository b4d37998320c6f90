// Hardhat is used only for its local JSON-RPC node (`./dev.sh chain`); contracts are
// compiled by the pinned solcjs (compile.js), never by Hardhat.
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      // no per-transaction gas cap (EIP-7825, Osaka): one select may use the whole 30,000,000 block
      hardfork: "cancun",
      blockGasLimit: 30_000_000,
      allowUnlimitedContractSize: false,
    },
  },
};
