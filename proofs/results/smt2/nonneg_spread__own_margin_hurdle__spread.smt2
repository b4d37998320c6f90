; nonneg_spread / own_margin_hurdle, unbounded query 'spread' (must be unsat)
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
 (forall ((i Int) (j Int) )(let (($x350 (and (< (q i) (q j)) (<= (a i) (a j)) (>= (b i) (b j)))))
 (=> (and (>= i 0) (< i j) (<= j N)) $x350)))
 )
(assert
 (forall ((i Int) )(let (($x112 (and (>= (a i) 0.0) (>= (b i) 0.0))))
 (let (($x33 (<= i N)))
 (let (($x92 (>= i 0)))
 (let (($x94 (and $x92 $x33)))
 (=> $x94 $x112))))))
 )
(assert
 (>= h_mm 0.0))
(assert
 (>= h_rm 0.0))
(assert
 (let (($x76 (forall ((m Int) )(let ((?x186 (q k)))
(let ((?x120 (ite (<= ?x186 ?x186) ?x186 ?x186)))
(let ((?x107 (- ?x186 ?x120)))
(let ((?x77 (- (* (* (- 1.0 theta) (- (b k) (a k))) ?x120) (* ?x107 (+ (a k) (* theta (- (b k) (a k))))))))
(let ((?x287 (* (- (q m) (ite (<= ?x186 (q m)) ?x186 (q m))) (+ (a k) (* theta (- (b m) (a k)))))))
(let ((?x71 (q m)))
(let ((?x290 (ite (<= ?x186 ?x71) ?x186 ?x71)))
(let ((?x110 (- (- (* (* (- 1.0 theta) (- (b m) (a k))) ?x290) ?x287) ?x77)))
(let ((?x277 (- (* (* theta (- (b k) (a m))) (ite (<= ?x71 ?x186) ?x71 ?x186)) (* (- ?x71 (ite (<= ?x71 ?x186) ?x71 ?x186)) (a m)))))
(let ((?x164 (- ?x277 (- (* (* theta (- (b k) (a k))) ?x120) (* ?x107 (a k))))))
(=> (and (and (>= m 0) (<= m N)) (and (distinct m k) true)) (and (<= ?x164 0.0) (<= ?x110 0.0))))))))))))))
))
(and (and (>= k 1) (<= k N)) $x76 (< (- (b k) (a k)) 0.0))))
(check-sat)
