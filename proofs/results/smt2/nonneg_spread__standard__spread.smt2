; nonneg_spread / standard, unbounded query 'spread' (must be unsat)
(set-logic ALL)
(set-info :status unsat)
(declare-fun N () Int)
(declare-fun q (Int) Real)
(declare-fun a (Int) Real)
(declare-fun b (Int) Real)
(declare-fun theta () Real)
(declare-fun h_mm () Real)
(declare-fun h_rm () Real)
(declare-fun k () Int)
(assert
 (>= N 1))
(assert
 (= (q 0) 0.0))
(assert
 (= (a 0) (a 1)))
(assert
 (= (b 0) (b 1)))
(assert
 (> theta 0.0))
(assert
 (< theta 1.0))
(assert
 (forall ((i Int) (j Int) )(let (($x241 (and (< (q i) (q j)) (<= (a i) (a j)) (>= (b i) (b j)))))
 (=> (and (>= i 0) (< i j) (<= j N)) $x241)))
 )
(assert
 (forall ((i Int) )(let (($x16 (and (>= (a i) 0.0) (>= (b i) 0.0))))
 (let (($x131 (<= i N)))
 (let (($x11 (>= i 0)))
 (let (($x100 (and $x11 $x131)))
 (=> $x100 $x16))))))
 )
(assert
 (>= h_mm 0.0))
(assert
 (>= h_rm 0.0))
(assert
 (let (($x70 (forall ((m Int) )(let ((?x101 (q k)))
(let ((?x231 (ite (<= ?x101 ?x101) ?x101 ?x101)))
(let ((?x53 (- ?x101 ?x231)))
(let ((?x206 (- (* (* (- 1.0 theta) (- (b k) (a k))) ?x231) (* ?x53 (+ (a k) (* theta (- (b k) (a k))))))))
(let ((?x196 (* (- (q m) (ite (<= ?x101 (q m)) ?x101 (q m))) (+ (a k) (* theta (- (b m) (a k)))))))
(let ((?x192 (q m)))
(let ((?x162 (ite (<= ?x101 ?x192) ?x101 ?x192)))
(let ((?x60 (- (- (* (* (- 1.0 theta) (- (b m) (a k))) ?x162) ?x196) ?x206)))
(let ((?x159 (- (* (* theta (- (b k) (a m))) (ite (<= ?x192 ?x101) ?x192 ?x101)) (* (- ?x192 (ite (<= ?x192 ?x101) ?x192 ?x101)) (a m)))))
(let ((?x352 (- ?x159 (- (* (* theta (- (b k) (a k))) ?x231) (* ?x53 (a k))))))
(=> (and (and (>= m 0) (<= m N)) (and (distinct m k) true)) (and (<= ?x352 0.0) (<= ?x60 0.0))))))))))))))
))
(and (and (>= k 1) (<= k N)) $x70 (< (- (b k) (a k)) 0.0))))
(check-sat)
