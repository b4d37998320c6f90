; fast_equivalence / theta_closed, unbounded query 'fwd mm d>k' (must be unsat)
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
 (let ((?x50 (a k)))
(let ((?x101 (q k)))
(let ((?x231 (ite (<= ?x101 ?x101) ?x101 ?x101)))
(let ((?x53 (- ?x101 ?x231)))
(let ((?x238 (- (* (* theta (- (b k) ?x50)) ?x231) (* ?x53 ?x50))))
(let ((?x8 (q d)))
(let ((?x247 (ite (<= ?x8 ?x101) ?x8 ?x101)))
(let ((?x316 (- (* (* theta (- (b k) (a d))) ?x247) (* (- ?x8 ?x247) (a d)))))
(let (($x148 (> (- ?x316 ?x238) 0.0)))
(let (($x130 (> d k)))
(let (($x143 (>= d 0)))
(let (($x117 (and $x143 (<= d N))))
(let (($x205 (>= k 0)))
(let (($x141 (and $x205 (<= k N))))
(and $x141 $x117 $x130 $x148))))))))))))))))
(check-sat)
