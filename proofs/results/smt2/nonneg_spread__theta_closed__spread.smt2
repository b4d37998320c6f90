; nonneg_spread / theta_closed, unbounded query 'spread' (must be unsat)
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
 (>= theta 0.0))
(assert
 (<= theta 1.0))
(assert
 (forall ((i Int) (j Int) )(let (($x363 (and (< (q i) (q j)) (<= (a i) (a j)) (>= (b i) (b j)))))
 (=> (and (>= i 0) (< i j) (<= j N)) $x363)))
 )
(assert
 (forall ((i Int) )(let (($x604 (and (>= (a i) 0.0) (>= (b i) 0.0))))
 (let (($x345 (<= i N)))
 (let (($x373 (>= i 0)))
 (let (($x873 (and $x373 $x345)))
 (=> $x873 $x604))))))
 )
(assert
 (>= h_mm 0.0))
(assert
 (>= h_rm 0.0))
(assert
 (let (($x863 (forall ((m Int) )(let ((?x120 (q k)))
(let ((?x352 (ite (<= ?x120 ?x120) ?x120 ?x120)))
(let ((?x69 (- ?x120 ?x352)))
(let ((?x794 (- (* (* (- 1.0 theta) (- (b k) (a k))) ?x352) (* ?x69 (+ (a k) (* theta (- (b k) (a k))))))))
(let ((?x658 (* (- (q m) (ite (<= ?x120 (q m)) ?x120 (q m))) (+ (a k) (* theta (- (b m) (a k)))))))
(let ((?x25 (q m)))
(let ((?x842 (ite (<= ?x120 ?x25) ?x120 ?x25)))
(let ((?x46 (- (- (* (* (- 1.0 theta) (- (b m) (a k))) ?x842) ?x658) ?x794)))
(let ((?x701 (- (* (* theta (- (b k) (a m))) (ite (<= ?x25 ?x120) ?x25 ?x120)) (* (- ?x25 (ite (<= ?x25 ?x120) ?x25 ?x120)) (a m)))))
(let ((?x76 (- ?x701 (- (* (* theta (- (b k) (a k))) ?x352) (* ?x69 (a k))))))
(=> (and (and (>= m 0) (<= m N)) (and (distinct m k) true)) (and (<= ?x76 0.0) (<= ?x46 0.0))))))))))))))
))
(and (and (>= k 1) (<= k N)) $x863 (< (- (b k) (a k)) 0.0))))
(check-sat)
