; fast_equivalence / own_margin_hurdle, unbounded query 'fwd mm d>k' (must be unsat)
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
(declare-fun d () Int)
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
 (forall ((i Int) (j Int) )(let (($x60 (and (< (q i) (q j)) (<= (a i) (a j)) (>= (b i) (b j)))))
 (=> (and (>= i 0) (< i j) (<= j N)) $x60)))
 )
(assert
 (forall ((i Int) )(let (($x16 (and (>= (a i) 0.0) (>= (b i) 0.0))))
 (let (($x345 (<= i N)))
 (let (($x373 (>= i 0)))
 (let (($x873 (and $x373 $x345)))
 (=> $x873 $x16))))))
 )
(assert
 (>= h_mm 0.0))
(assert
 (>= h_rm 0.0))
(assert
 (let ((?x33 (a k)))
(let ((?x120 (q k)))
(let ((?x352 (ite (<= ?x120 ?x120) ?x120 ?x120)))
(let ((?x69 (- ?x120 ?x352)))
(let ((?x710 (- (* (* theta (- (b k) ?x33)) ?x352) (* ?x69 ?x33))))
(let ((?x279 (q d)))
(let ((?x121 (ite (<= ?x279 ?x120) ?x279 ?x120)))
(let ((?x374 (- (* (* theta (- (b k) (a d))) ?x121) (* (- ?x279 ?x121) (a d)))))
(let (($x406 (> (- ?x374 ?x710) 0.0)))
(let (($x864 (> d k)))
(let (($x216 (>= d 0)))
(let (($x294 (and $x216 (<= d N))))
(let (($x204 (>= k 0)))
(let (($x324 (and $x204 (<= k N))))
(and $x324 $x294 $x864 $x406))))))))))))))))
(check-sat)
