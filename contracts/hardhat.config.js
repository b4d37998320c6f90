// Hardhat is used only for its local JSON-RPC node (`./dev.sh chain`); contracts are
// compiled by the pinned solcjs (compile.js), never by Hardhat.
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      blockGasLimit: 30_000_000,
      allowUnlimitedContractSize: false,
    },
  },
};
