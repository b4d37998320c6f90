// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

interface ISelection {
    function select(uint256 shape, int256 hurdleMm, int256 hurdleRm, int256 theta, bytes calldata body)
        external
        pure
        returns (int256[7] memory out, bytes memory equilibria, bytes memory feasible);
}

/// @title Transparent mode: commit, reveal, and the selection computed on chain (spec/chain.md 11.5).
/// @notice No enclave to trust: each dealer commits to the hash of its report, reveals it once both
///         have committed, and anyone settles the session through `Selection`. The price is
///         disclosure: after the reveals both reports are public.
contract Transparent {
    event Opened(
        bytes32 indexed session, address mm, address rm, int64[] grid, uint8 scale, int256 theta, uint8 thetaScale, bool smallestVolume
    );
    event Committed(bytes32 indexed session, uint8 role, bytes32 commitment);
    event Revealed(bytes32 indexed session, uint8 role, int256[] rates, int256 hurdle);
    event Settled(bytes32 indexed session, int256[7] out, bytes equilibria, bytes feasible);
    event Faulted(bytes32 indexed session, bytes reason);

    error SessionExists(bytes32 session);
    error NoSuchSession(bytes32 session);
    error BadRole(uint8 role);
    error NotDealer(bytes32 session, uint8 role, address sender);
    error AlreadyCommitted(bytes32 session, uint8 role);
    error NotAllCommitted(bytes32 session);
    error AlreadyRevealed(bytes32 session, uint8 role);
    error BadOpening(bytes32 session, uint8 role);
    error OutOfRange(bytes32 session, uint8 role, uint256 index);
    error NotAllRevealed(bytes32 session);
    error AlreadySettled(bytes32 session);
    error ReportMismatch(bytes32 session);

    /// Rates and hurdles are integers at the session's scale, below 10**24 in absolute value
    /// (spec 6.5's digit limits; they fit the selection contract's int96 fields).
    int256 internal constant LIMIT = 10 ** 24;

    struct Session {
        address[2] dealers;
        bytes32 gridHash;
        int256 theta;
        uint8 thetaScale;
        bool smallestVolume;
        bool settled;
        bytes32[2] commitment;
        bytes32[2] revealed;
        bytes32 answer;
    }

    ISelection public immutable selection;
    mapping(bytes32 => Session) internal sessions;

    constructor(ISelection selection_) {
        selection = selection_;
    }

    function _session(bytes32 session) private view returns (Session storage s) {
        s = sessions[session];
        if (s.dealers[0] == address(0)) revert NoSuchSession(session);
    }

    function _dealer(Session storage s, bytes32 session, uint8 role) private view {
        if (role > 1) revert BadRole(role);
        if (msg.sender != s.dealers[role]) revert NotDealer(session, role, msg.sender);
    }

    function open(
        bytes32 session,
        address[2] calldata dealers,
        int64[] calldata grid,
        uint8 scale,
        int256 theta,
        uint8 thetaScale,
        bool smallestVolume
    ) external {
        Session storage s = sessions[session];
        if (s.dealers[0] != address(0)) revert SessionExists(session);
        require(dealers[0] != address(0) && dealers[1] != address(0) && thetaScale <= 24 && grid.length >= 2);
        s.dealers = dealers;
        s.gridHash = keccak256(abi.encode(grid));
        s.theta = theta;
        s.thetaScale = thetaScale;
        s.smallestVolume = smallestVolume;
        emit Opened(session, dealers[0], dealers[1], grid, scale, theta, thetaScale, smallestVolume);
    }

    /// commitment = keccak256(abi.encode(session, role, rates, hurdle, salt))
    function commit(bytes32 session, uint8 role, bytes32 commitment) external {
        Session storage s = _session(session);
        _dealer(s, session, role);
        if (s.commitment[role] != bytes32(0)) revert AlreadyCommitted(session, role);
        s.commitment[role] = commitment;
        emit Committed(session, role, commitment);
    }

    function reveal(bytes32 session, uint8 role, int256[] calldata rates, int256 hurdle, bytes32 salt) external {
        Session storage s = _session(session);
        _dealer(s, session, role);
        if (s.commitment[0] == bytes32(0) || s.commitment[1] == bytes32(0)) revert NotAllCommitted(session);
        if (s.revealed[role] != bytes32(0)) revert AlreadyRevealed(session, role);
        if (keccak256(abi.encode(session, role, rates, hurdle, salt)) != s.commitment[role]) revert BadOpening(session, role);
        for (uint256 i = 0; i < rates.length; ++i) {
            if (rates[i] >= LIMIT || rates[i] <= -LIMIT) revert OutOfRange(session, role, i);
        }
        if (hurdle >= LIMIT || hurdle <= -LIMIT) revert OutOfRange(session, role, rates.length);
        s.revealed[role] = keccak256(abi.encode(rates, hurdle));
        emit Revealed(session, role, rates, hurdle);
    }

    /// Anyone: the grid and both revealed reports, checked against the session, run through
    /// `Selection`. A semantic fault of the case (its CaseRejected revert) ends the session too.
    function settle(
        bytes32 session,
        int64[] calldata grid,
        int256[] calldata ratesMm,
        int256 hurdleMm,
        int256[] calldata ratesRm,
        int256 hurdleRm
    ) external {
        Session storage s = _session(session);
        if (s.revealed[0] == bytes32(0) || s.revealed[1] == bytes32(0)) revert NotAllRevealed(session);
        if (s.settled) revert AlreadySettled(session);
        if (
            keccak256(abi.encode(grid)) != s.gridHash || keccak256(abi.encode(ratesMm, hurdleMm)) != s.revealed[0]
                || keccak256(abi.encode(ratesRm, hurdleRm)) != s.revealed[1]
        ) revert ReportMismatch(session);
        s.settled = true;
        uint256 n = grid.length - 1;
        uint256 shape = n | (ratesMm.length << 64) | (ratesRm.length << 128) | (uint256(s.thetaScale) << 192)
            | ((s.smallestVolume ? 1 : 0) << 200);
        bytes memory body = _body(grid, ratesMm, ratesRm);
        try selection.select(shape, hurdleMm, hurdleRm, s.theta, body) returns (
            int256[7] memory out, bytes memory equilibria, bytes memory feasible
        ) {
            s.answer = keccak256(abi.encode(out, equilibria, feasible));
            emit Settled(session, out, equilibria, feasible);
        } catch (bytes memory reason) {
            s.answer = keccak256(reason);
            emit Faulted(session, reason);
        }
    }

    /// The selection contract's calldata body (spec/chain.md 11.2.1).
    function _body(int64[] calldata grid, int256[] calldata a, int256[] calldata b) private pure returns (bytes memory body) {
        uint256 m = grid.length - 1;
        if (a.length > m) m = a.length;
        if (b.length > m) m = b.length;
        body = new bytes((m + 1) * 32);
        for (uint256 k = 0; k <= m; ++k) {
            uint256 w = k < grid.length ? uint256(uint64(grid[k])) << 192 : 0;
            if (k >= 1 && k <= a.length) w |= uint256(uint96(int96(a[k - 1]))) << 96;
            if (k >= 1 && k <= b.length) w |= uint256(uint96(int96(b[k - 1])));
            assembly ("memory-safe") {
                mstore(add(add(body, 32), shl(5, k)), w)
            }
        }
    }

    function answerOf(bytes32 session) external view returns (bool settled, bytes32 answer) {
        Session storage s = sessions[session];
        return (s.settled, s.answer);
    }
}
