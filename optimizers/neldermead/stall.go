package neldermead

import "math"

// stall tells when the best loss has stopped improving: after iteration k
// it compares F_k with F_{k-window}, the best loss window iterations
// earlier (the start's before that), and reports a stall when
//
//	F_{k-window} - F_k < tol·(1 + |F_k|),
//
// a relative test that stays meaningful for losses near zero. A non-finite
// loss never counts as converged.
type stall struct {
	tol  float64
	past []float64 // ring of the last window losses
	next int
	seen int
}

func newStall(window int, tol, start float64) stall {
	s := stall{tol: tol, past: make([]float64, window)}
	for i := range s.past {
		s.past[i] = start
	}
	return s
}

// add records the loss of one more iteration and reports a stall.
func (s *stall) add(f float64) bool {
	old := s.past[s.next]
	s.past[s.next] = f
	s.next = (s.next + 1) % len(s.past)
	s.seen++
	if s.tol == 0 || s.seen < len(s.past) || math.IsNaN(f) || math.IsInf(f, 0) {
		return false
	}
	return old-f < s.tol*(1+math.Abs(f))
}
