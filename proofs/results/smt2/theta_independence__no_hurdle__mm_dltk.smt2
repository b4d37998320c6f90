; theta_independence / no_hurdle, unbounded query 'mm d<k' (must be unsat)
(set-logic ALL)
(set-info :status unsat)
(declare-fun N () Int)
(declare-fun q (Int) Real)
(declare-fun a (Int) Real)
(declare-fun b (Int) Real)
(declare-fun theta () Real)
(declare-fun h_mm () Real)
(declare-fun h_rm () Real)
(declare-fun theta2 () Real)
(declare-fun k () Int)
(declare-fun d () Int)
(assert
 (>= N 1))
(assert
 (let ((?x33 (q 0)))
 (= ?x33 0.0)))
(assert
 (= (a 0) (a 1)))
(assert
 (= (b 0) (b 1)))
(assert
 (> theta 0.0))
(assert
 (< theta 1.0))
(assert
 (forall ((i Int) (j Int) )(let (($x540 (and (< (q i) (q j)) (<= (a i) (a j)) (>= (b i) (b j)))))
 (=> (and (>= i 0) (< i j) (<= j N)) $x540)))
 )
(assert
 (forall ((i Int) )(let (($x294 (and (>= (a i) 0.0) (>= (b i) 0.0))))
 (let (($x430 (<= i N)))
 (let (($x283 (>= i 0)))
 (let (($x242 (and $x283 $x430)))
 (=> $x242 $x294))))))
 )
(assert
 (>= h_mm 0.0))
(assert
 (>= h_rm 0.0))
(assert
 (> theta2 0.0))
(assert
 (< theta2 1.0))
(assert
 (let (($x225 (>= k 0)))
 (and $x225 (<= k N))))
(assert
 (let (($x217 (>= d 0)))
 (and $x217 (<= d N))))
(assert
 (< d k))
(assert
 (forall ((m Int) )(let ((?x214 (q k)))
 (let ((?x123 (ite (<= ?x214 ?x214) ?x214 ?x214)))
 (let ((?x417 (- ?x214 ?x123)))
 (let ((?x978 (- (* (* (- 1.0 theta) (- (b k) (a k))) ?x123) (* ?x417 (+ (a k) (* theta (- (b k) (a k))))))))
 (let ((?x459 (* (- (q m) (ite (<= ?x214 (q m)) ?x214 (q m))) (+ (a k) (* theta (- (b m) (a k)))))))
 (let ((?x565 (q m)))
 (let ((?x51 (ite (<= ?x214 ?x565) ?x214 ?x565)))
 (let ((?x304 (- (- (* (* (- 1.0 theta) (- (b m) (a k))) ?x51) ?x459) ?x978)))
 (let ((?x295 (- (* (* theta (- (b k) (a m))) (ite (<= ?x565 ?x214) ?x565 ?x214)) (* (- ?x565 (ite (<= ?x565 ?x214) ?x565 ?x214)) (a m)))))
 (let ((?x89 (- ?x295 (- (* (* theta (- (b k) (a k))) ?x123) (* ?x417 (a k))))))
 (=> (and (and (>= m 0) (<= m N)) (and (distinct m k) true)) (and (<= ?x89 0.0) (<= ?x304 0.0))))))))))))))
 )
(assert
 (let ((?x258 (a k)))
(let ((?x214 (q k)))
(let ((?x123 (ite (<= ?x214 ?x214) ?x214 ?x214)))
(let ((?x417 (- ?x214 ?x123)))
(let ((?x274 (* ?x417 ?x258)))
(let ((?x507 (q d)))
(let ((?x418 (ite (<= ?x507 ?x214) ?x507 ?x214)))
(let ((?x143 (- (* (* theta2 (- (b k) (a d))) ?x418) (* (- ?x507 ?x418) (a d)))))
(> (- ?x143 (- (* (* theta2 (- (b k) ?x258)) ?x123) ?x274)) 0.0))))))))))
(check-sat)
