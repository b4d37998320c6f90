; fast_equivalence / theta_closed, unbounded query 'fwd rm d>k' (must be unsat)
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
 (>= theta 0.0))
(assert
 (<= theta 1.0))
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
 (let ((?x120 (q k)))
(let ((?x352 (ite (<= ?x120 ?x120) ?x120 ?x120)))
(let ((?x69 (- ?x120 ?x352)))
(let ((?x794 (- (* (* (- 1.0 theta) (- (b k) (a k))) ?x352) (* ?x69 (+ (a k) (* theta (- (b k) (a k))))))))
(let ((?x755 (* (- (q d) (ite (<= ?x120 (q d)) ?x120 (q d))) (+ (a k) (* theta (- (b d) (a k)))))))
(let ((?x279 (q d)))
(let ((?x21 (ite (<= ?x120 ?x279) ?x120 ?x279)))
(let ((?x100 (- (- (* (* (- 1.0 theta) (- (b d) (a k))) ?x21) ?x755) ?x794)))
(let (($x428 (> ?x100 0.0)))
(let (($x864 (> d k)))
(let (($x216 (>= d 0)))
(let (($x294 (and $x216 (<= d N))))
(let (($x204 (>= k 0)))
(let (($x324 (and $x204 (<= k N))))
(and $x324 $x294 $x864 $x428))))))))))))))))
(check-sat)
