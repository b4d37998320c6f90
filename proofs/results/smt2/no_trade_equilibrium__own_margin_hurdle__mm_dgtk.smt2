; no_trade_equilibrium / own_margin_hurdle, unbounded query 'mm d>k' (must be unsat)
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
 (forall ((i Int) (j Int) )(let (($x194 (and (< (q i) (q j)) (<= (a i) (a j)) (>= (b i) (b j)))))
 (=> (and (>= i 0) (< i j) (<= j N)) $x194)))
 )
(assert
 (forall ((i Int) )(let (($x62 (and (>= (a i) 0.0) (>= (b i) 0.0))))
 (=> (and (>= i 0) (<= i N)) $x62)))
 )
(assert
 (>= h_mm 0.0))
(assert
 (>= h_rm 0.0))
(assert
 (let ((?x82 (a k)))
(let ((?x59 (q k)))
(let ((?x77 (ite (<= ?x59 ?x59) ?x59 ?x59)))
(let ((?x81 (- ?x59 ?x77)))
(let ((?x40 (q d)))
(let ((?x68 (ite (<= ?x40 ?x59) ?x40 ?x59)))
(let ((?x168 (- (* (* theta (- (b k) (a d))) ?x68) (* (- ?x40 ?x68) (a d)))))
(let (($x212 (> (- ?x168 (- (* (* theta (- (b k) ?x82)) ?x77) (* ?x81 ?x82))) 0.0)))
(let (($x37 (= k 0)))
(let (($x28 (> d k)))
(let (($x32 (>= d 0)))
(let (($x34 (and $x32 (<= d N))))
(let (($x29 (>= k 0)))
(let (($x31 (and $x29 (<= k N))))
(and $x31 $x34 $x28 $x37 $x212))))))))))))))))
(check-sat)
