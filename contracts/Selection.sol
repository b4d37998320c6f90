// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title The selection rule of spec chapters 3-4 in EVM integer arithmetic (spec/chain.md 11.2).
/// @notice Aronoff and Townsend, "A Smart-Contract to Resolve Multiple Equilibrium in
///         Intermediated Trade" (arXiv:2505.22940): keep the hurdle-feasible equilibria of the
///         reported game and select the joint-profit maximum among them.
/// @dev Rates arrive as fixed-point integers at the case's scale S (every rate and both hurdles
///      times 10**S, S = the most fractional digits among them), theta at its own scale T.
///      Spec 6.5's digit limits bound every rate by 10**24 and every volume by 10**15, so every
///      intermediate below is under 2**183 in absolute value (spec/chain.md 11.2.2): int256
///      arithmetic is exact and the unchecked EVM opcodes never wrap.
///
///      Calldata: `body` holds one 32-byte word per grid index k = 0..M (M = max(n, nMm, nRm)):
///      bits 255..192 grid[k] (int64), 191..96 mm.rates[k-1] (int96), 95..0 rm.rates[k-1]
///      (int96); word 0 carries grid[0] and zero rates, absent entries are zero.
///      `shape` = n | nMm << 64 | nRm << 128 | T << 192 | smallestVolume << 200.
contract Selection {
    /// A semantic fault of spec 6.4: `code` is the row number of the error table (5..11),
    /// `field` the wire field (0 grid, 1 mm.rates, 2 mm.hurdle, 3 rm.rates, 4 rm.hurdle,
    /// 5 theta), `index` the array index in that field (0 for a scalar or a whole array).
    error CaseRejected(uint8 code, uint8 field, uint256 index);
    /// The calldata does not follow the encoding above (a client's fault, never a case's).
    error MalformedInput();

    uint8 internal constant GRID = 0;
    uint8 internal constant MM_RATES = 1;
    uint8 internal constant MM_HURDLE = 2;
    uint8 internal constant RM_RATES = 3;
    uint8 internal constant RM_HURDLE = 4;
    uint8 internal constant THETA = 5;

    /// @notice Run the rule on one case.
    /// @return out [index, volume, r_mm, r_rm, r_bd, spread, joint_profit]: rates, spread and
    ///         joint profit at scale S, r_bd at scale S + T; all zero for no trade.
    /// @return equilibria bit k (most significant bit first) set when k is in E.
    /// @return feasible bit k set when k is in F.
    function select(uint256 shape, int256 hurdleMm, int256 hurdleRm, int256 theta, bytes calldata body)
        external
        pure
        returns (int256[7] memory out, bytes memory equilibria, bytes memory feasible)
    {
        uint256 n = uint64(shape);
        {
            uint256 m = n;
            uint256 nMm = uint64(shape >> 64);
            uint256 nRm = uint64(shape >> 128);
            if (nMm > m) m = nMm;
            if (nRm > m) m = nRm;
            uint256 tScale = uint8(shape >> 192);
            if (n == 0 || body.length != (m + 1) * 32 || (shape >> 201) != 0 || tScale > 24) revert MalformedInput();
            if (
                nMm != n || nRm != n || hurdleMm < 0 || hurdleRm < 0 || theta <= 0
                    || theta >= int256(10 ** tScale)
            ) {
                _diagnose(shape, hurdleMm, hurdleRm, theta, body);
            }
        }
        bool bad;
        (out, equilibria, feasible, bad) = _run(shape, hurdleMm > hurdleRm ? hurdleMm : hurdleRm, theta, body);
        if (bad) _diagnose(shape, hurdleMm, hurdleRm, theta, body);
    }

    function _run(uint256 shape, int256 hurdle, int256 theta, bytes calldata body)
        private
        pure
        returns (int256[7] memory out, bytes memory equilibria, bytes memory feasible, bool bad)
    {
        equilibria = new bytes(((uint64(shape) >> 8) + 1) * 32);
        feasible = new bytes(((uint64(shape) >> 8) + 1) * 32);
        _envelopeMm(body, uint64(shape), equilibria);
        _envelopeRm(body, uint64(shape), equilibria);
        uint256 k;
        (k, bad) = _choose(body, shape, hurdle, equilibria, feasible);
        if (k != 0 && !bad) out = _outcome(body, k, uint8(shape >> 192), theta);
    }

    /// [index, volume, r_mm, r_rm, r_bd, spread, joint_profit] of the trade at k (spec 4.3).
    function _outcome(bytes calldata body, uint256 k, uint256 tScale, int256 theta)
        private
        pure
        returns (int256[7] memory out)
    {
        int256 q = _q(body, k);
        int256 a = _a(body, k);
        int256 b = _b(body, k);
        int256 s = b - a;
        out[0] = int256(k);
        out[1] = q;
        out[2] = a;
        out[3] = b;
        out[4] = a * int256(10 ** tScale) + theta * s;
        out[5] = s;
        out[6] = s * q;
    }

    /// The equilibrium conditions of spec 3.4, one dealer per function, in O(n).
    /// mm: k survives when max_{j<k} q_j (b_k - a_j) <= q_k (b_k - a_k): the prefix maximum of the
    ///     lines x -> q_j x + q_j v_j, v_j = -a_j, at x = b_k.
    /// rm: k survives when max_{i<k} q_i (b_i - a_k) <= q_k (b_k - a_k): the lines with
    ///     v_i = b_i at x = -a_k.
    /// Slopes q_j increase and the query points never increase, so a stack of line indices
    /// (4 bytes each, the top two lines cached) answers every query in amortised O(1).
    /// mm writes the bitmap (bit 0, k = 0, always set), rm ANDs into it.
    function _envelopeMm(bytes calldata body, uint256 n, bytes memory bitmap) private pure {
        assembly ("memory-safe") {
            let stk := mload(0x40)
            let t := 0
            let cur := shl(255, 1)
            // (m1, c1): the line second from the top of the stack, (m2, c2): the top line
            let m1 := 0
            let c1 := 0
            let m2 := 0
            let c2 := 0
            for { let k := 0 } iszero(gt(k, n)) { k := add(k, 1) } {
                let w := calldataload(add(body.offset, shl(5, k)))
                let q := sar(192, w)
                let v := sub(0, signextend(11, shr(96, w)))
                let x := signextend(11, w)
                if k {
                    // drop lines beaten by their predecessor at x (x never increases)
                    for {} gt(t, 1) {} {
                        if slt(add(mul(m1, x), c1), add(mul(m2, x), c2)) { break }
                        m2 := m1
                        c2 := c1
                        t := sub(t, 1)
                        if gt(t, 1) {
                            let wj := calldataload(add(body.offset, shl(5, shr(224, mload(add(stk, shl(2, sub(t, 2))))))))
                            m1 := sar(192, wj)
                            c1 := mul(m1, sub(0, signextend(11, shr(96, wj))))
                        }
                    }
                    // k survives when the best deviation pays no more than staying: q_k (b_k - a_k)
                    if iszero(sgt(add(mul(m2, x), c2), mul(q, add(x, v)))) { cur := or(cur, shl(sub(255, and(k, 255)), 1)) }
                }
                // insert line k, (q, q v): drop the top while it is nowhere strictly above both neighbours
                let c3 := mul(q, v)
                for {} gt(t, 1) {} {
                    if sgt(mul(sub(c1, c3), sub(m2, m1)), mul(sub(c1, c2), sub(q, m1))) { break }
                    m2 := m1
                    c2 := c1
                    t := sub(t, 1)
                    if gt(t, 1) {
                        let wj := calldataload(add(body.offset, shl(5, shr(224, mload(add(stk, shl(2, sub(t, 2))))))))
                        m1 := sar(192, wj)
                        c1 := mul(m1, sub(0, signextend(11, shr(96, wj))))
                    }
                }
                // entries above the top are dead, so a full-word store is safe
                mstore(add(stk, shl(2, t)), shl(224, k))
                t := add(t, 1)
                m1 := m2
                c1 := c2
                m2 := q
                c2 := c3
                if or(eq(and(k, 255), 255), eq(k, n)) {
                    let p := add(add(bitmap, 32), shl(5, shr(8, k)))
                    mstore(p, cur)
                    cur := 0
                }
            }
        }
    }

    function _envelopeRm(bytes calldata body, uint256 n, bytes memory bitmap) private pure {
        assembly ("memory-safe") {
            let stk := mload(0x40)
            let t := 0
            let cur := shl(255, 1)
            // (m1, c1): the line second from the top of the stack, (m2, c2): the top line
            let m1 := 0
            let c1 := 0
            let m2 := 0
            let c2 := 0
            for { let k := 0 } iszero(gt(k, n)) { k := add(k, 1) } {
                let w := calldataload(add(body.offset, shl(5, k)))
                let q := sar(192, w)
                let v := signextend(11, w)
                let x := sub(0, signextend(11, shr(96, w)))
                if k {
                    // drop lines beaten by their predecessor at x (x never increases)
                    for {} gt(t, 1) {} {
                        if slt(add(mul(m1, x), c1), add(mul(m2, x), c2)) { break }
                        m2 := m1
                        c2 := c1
                        t := sub(t, 1)
                        if gt(t, 1) {
                            let wj := calldataload(add(body.offset, shl(5, shr(224, mload(add(stk, shl(2, sub(t, 2))))))))
                            m1 := sar(192, wj)
                            c1 := mul(m1, signextend(11, wj))
                        }
                    }
                    // k survives when the best deviation pays no more than staying: q_k (b_k - a_k)
                    if iszero(sgt(add(mul(m2, x), c2), mul(q, add(x, v)))) { cur := or(cur, shl(sub(255, and(k, 255)), 1)) }
                }
                // insert line k, (q, q v): drop the top while it is nowhere strictly above both neighbours
                let c3 := mul(q, v)
                for {} gt(t, 1) {} {
                    if sgt(mul(sub(c1, c3), sub(m2, m1)), mul(sub(c1, c2), sub(q, m1))) { break }
                    m2 := m1
                    c2 := c1
                    t := sub(t, 1)
                    if gt(t, 1) {
                        let wj := calldataload(add(body.offset, shl(5, shr(224, mload(add(stk, shl(2, sub(t, 2))))))))
                        m1 := sar(192, wj)
                        c1 := mul(m1, signextend(11, wj))
                    }
                }
                // entries above the top are dead, so a full-word store is safe
                mstore(add(stk, shl(2, t)), shl(224, k))
                t := add(t, 1)
                m1 := m2
                c1 := c2
                m2 := q
                c2 := c3
                if or(eq(and(k, 255), 255), eq(k, n)) {
                    let p := add(add(bitmap, 32), shl(5, shr(8, k)))
                    mstore(p, and(mload(p), cur))
                    cur := 0
                }
            }
        }
    }

    /// The hurdle filter and the choice (spec 4.2 steps 4-6) in one pass, which also checks the
    /// per-point conditions of 6.4 (grid increasing, schedules monotone, rates non-negative).
    function _choose(
        bytes calldata body,
        uint256 shape,
        int256 hurdle,
        bytes memory equilibria,
        bytes memory feasible
    ) private pure returns (uint256 bestK, bool bad) {
        assembly ("memory-safe") {
            // scratch word 0x00: the best joint profit so far (-1: none)
            mstore(0x00, sub(0, 1))
            let pq := sar(192, calldataload(body.offset))
            let pa := signextend(11, shr(96, calldataload(add(body.offset, 32))))
            let pb := signextend(11, calldataload(add(body.offset, 32)))
            bad := or(iszero(iszero(pq)), slt(pa, 0))
            let cur := 0
            let eqw := mload(add(equilibria, 32))
            for { let k := 1 } iszero(gt(k, and(shape, 0xffffffffffffffff))) { k := add(k, 1) } {
                {
                    let w := calldataload(add(body.offset, shl(5, k)))
                    let q := sar(192, w)
                    let a := signextend(11, shr(96, w))
                    let b := signextend(11, w)
                    bad := or(bad, or(iszero(sgt(q, pq)), or(slt(a, pa), sgt(b, pb))))
                    pq := q
                    pa := a
                    pb := b
                }
                let bit := shl(sub(255, and(k, 255)), 1)
                if and(iszero(iszero(and(eqw, bit))), iszero(slt(sub(pb, pa), hurdle))) {
                    cur := or(cur, bit)
                    let pi := mul(sub(pb, pa), pq)
                    let best := mload(0x00)
                    if or(sgt(pi, best), and(eq(pi, best), iszero(and(shr(200, shape), 1)))) {
                        mstore(0x00, pi)
                        bestK := k
                    }
                }
                if or(eq(and(k, 255), 255), eq(k, and(shape, 0xffffffffffffffff))) {
                    mstore(add(add(feasible, 32), shl(5, shr(8, k))), cur)
                    cur := 0
                    eqw := mload(add(add(equilibria, 32), shl(5, add(shr(8, k), 1))))
                }
            }
            // monotone schedules are non-negative once a_1 >= 0 (checked above) and b_n >= 0
            bad := or(bad, slt(pb, 0))
        }
    }

    /// Find the first fault in spec 6.4's order of precedence and revert with it.
    function _diagnose(uint256 shape, int256 hurdleMm, int256 hurdleRm, int256 theta, bytes calldata body)
        private
        pure
    {
        uint256 n = uint64(shape);
        if (_q(body, 0) != 0) revert CaseRejected(5, GRID, 0);
        for (uint256 i = 1; i <= n; ++i) {
            if (_q(body, i) <= _q(body, i - 1)) revert CaseRejected(6, GRID, i);
        }
        if (uint64(shape >> 64) != n) revert CaseRejected(7, MM_RATES, 0);
        if (uint64(shape >> 128) != n) revert CaseRejected(7, RM_RATES, 0);
        for (uint256 i = 0; i < n; ++i) {
            if (_a(body, i + 1) < 0) revert CaseRejected(8, MM_RATES, i);
        }
        for (uint256 i = 0; i < n; ++i) {
            if (_b(body, i + 1) < 0) revert CaseRejected(8, RM_RATES, i);
        }
        if (hurdleMm < 0) revert CaseRejected(9, MM_HURDLE, 0);
        if (hurdleRm < 0) revert CaseRejected(9, RM_HURDLE, 0);
        for (uint256 i = 1; i < n; ++i) {
            if (_a(body, i + 1) < _a(body, i)) revert CaseRejected(10, MM_RATES, i);
        }
        for (uint256 i = 1; i < n; ++i) {
            if (_b(body, i + 1) > _b(body, i)) revert CaseRejected(10, RM_RATES, i);
        }
        if (theta <= 0 || theta >= int256(10 ** uint8(shape >> 192))) revert CaseRejected(11, THETA, 0);
        revert MalformedInput();
    }

    function _word(bytes calldata body, uint256 k) private pure returns (uint256 w) {
        assembly ("memory-safe") {
            w := calldataload(add(body.offset, shl(5, k)))
        }
    }

    function _q(bytes calldata body, uint256 k) private pure returns (int256) {
        return int256(_word(body, k)) >> 192;
    }

    function _a(bytes calldata body, uint256 k) private pure returns (int256) {
        return int256(int96(uint96(_word(body, k) >> 96)));
    }

    function _b(bytes calldata body, uint256 k) private pure returns (int256) {
        return int256(int96(uint96(_word(body, k))));
    }
}
