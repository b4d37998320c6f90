// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title The public log of spec chapter 9 on chain, with access control (spec/chain.md 11.3).
/// @notice Every entry is the canonical JSON body the SQLite log stores, chained by the same
///         hash, hash_seq = SHA-256("reposelect/log/v1" || hash_{seq-1} || seq (8 bytes) || body),
///         and emitted as an `Entry` event, so the audit verifies a chain log with the code that
///         verifies an SQLite one. The contract adds what one host's file cannot: who may post.
///         A session's opener names its two dealers and its enclave; only the named dealer
///         posts a role's submission (once, or again after the enclave rejected it), only the
///         enclave posts the attestation, rejections and the outcome with its instructions,
///         each once. Nothing is ever changed or removed.
contract SessionLog {
    event Entry(uint256 indexed seq, bytes32 indexed session, bytes32 prev, bytes32 hash, bytes body);

    error SessionExists(bytes32 session);
    error NoSuchSession(bytes32 session);
    error NotDealer(bytes32 session, uint8 role, address sender);
    error NotEnclave(bytes32 session, address sender);
    error AlreadyAttested(bytes32 session);
    error NotAttested(bytes32 session);
    error AlreadySubmitted(bytes32 session, uint8 role);
    error NothingToReject(bytes32 session, uint8 role);
    error OutcomeExists(bytes32 session);
    error BadRole(uint8 role);
    error EmptyBatch();

    struct Session {
        address[2] dealers; // 0: BDmm, 1: BDrm
        address enclave;
        bool attested;
        bool concluded;
        bool[2] pending; // a submission of that role awaits the enclave
    }

    bytes32 public head;
    uint64 public count;
    mapping(bytes32 => Session) internal sessions;

    function _append(bytes32 session, bytes calldata body) private {
        uint64 seq = count + 1;
        bytes32 prev = head;
        bytes32 h = sha256(abi.encodePacked("reposelect/log/v1", prev, seq, body));
        head = h;
        count = seq;
        emit Entry(seq, session, prev, h, body);
    }

    function _open(bytes32 session) private view returns (Session storage s) {
        s = sessions[session];
        if (s.enclave == address(0)) revert NoSuchSession(session);
    }

    /// Open a session: its parameters (in `body`), its dealers' and its enclave's addresses.
    function open(bytes32 session, address[2] calldata dealers, address enclave, bytes calldata body) external {
        Session storage s = sessions[session];
        if (s.enclave != address(0)) revert SessionExists(session);
        require(enclave != address(0) && dealers[0] != address(0) && dealers[1] != address(0));
        s.dealers = dealers;
        s.enclave = enclave;
        _append(session, body);
    }

    /// The enclave's attestation: posted from the enclave's own key, which binds that key to it.
    function attest(bytes32 session, bytes calldata body) external {
        Session storage s = _open(session);
        if (msg.sender != s.enclave) revert NotEnclave(session, msg.sender);
        if (s.attested) revert AlreadyAttested(session);
        s.attested = true;
        _append(session, body);
    }

    /// A dealer's commitments and sealed report, from that role's dealer only.
    function submit(bytes32 session, uint8 role, bytes calldata body) external {
        if (role > 1) revert BadRole(role);
        Session storage s = _open(session);
        if (msg.sender != s.dealers[role]) revert NotDealer(session, role, msg.sender);
        if (!s.attested) revert NotAttested(session);
        if (s.concluded) revert OutcomeExists(session);
        if (s.pending[role]) revert AlreadySubmitted(session, role);
        s.pending[role] = true;
        _append(session, body);
    }

    /// The enclave rejects a role's pending submission; that dealer may submit again.
    function reject(bytes32 session, uint8 role, bytes calldata body) external {
        if (role > 1) revert BadRole(role);
        Session storage s = _open(session);
        if (msg.sender != s.enclave) revert NotEnclave(session, msg.sender);
        if (!s.pending[role] || s.concluded) revert NothingToReject(session, role);
        s.pending[role] = false;
        _append(session, body);
    }

    /// The outcome with its proof, then the sealed instructions: one batch, from the enclave, once.
    function conclude(bytes32 session, bytes[] calldata bodies) external {
        Session storage s = _open(session);
        if (msg.sender != s.enclave) revert NotEnclave(session, msg.sender);
        if (s.concluded) revert OutcomeExists(session);
        if (bodies.length == 0) revert EmptyBatch();
        s.concluded = true;
        for (uint256 i = 0; i < bodies.length; ++i) {
            _append(session, bodies[i]);
        }
    }

    function roles(bytes32 session) external view returns (address[2] memory dealers, address enclave, bool attested, bool concluded) {
        Session storage s = sessions[session];
        return (s.dealers, s.enclave, s.attested, s.concluded);
    }
}
