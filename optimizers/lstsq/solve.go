package lstsq

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Solver names, as LSTSQ.Solver reports them.
const (
	SolverQR   = "qr"
	SolverSVD  = "svd"
	SolverNone = "none"
)

// fit is a solved output layer: beta is (inputs+1)×outputs, row j < inputs
// holding the weights of input j, the last row the biases.
type fit struct {
	beta   *mat.Dense
	rank   int
	solver string
}

// solve fits every output k of the rows×inputs features h (row-major) to
// the targets y (rows×outputs), minimizing
//
//	1/rows · Σ_r (Σ_j β[j,k]·h[r,j] + β[inputs,k] - y[r,k])² + ridge · Σ_j β[j,k]²
//
// as the least-squares problem min |M·β - B|² with
//
//	M = [ H  1 ]      B = [ Y ]
//	    [ s·I 0 ]         [ 0 ]     s = sqrt(rows·ridge), rows below only when ridge > 0,
//
// whose normal equations are (HᵀH + rows·ridge·I)w = Hᵀ(Y - b) with the
// bias unpenalized. M is factored by QR (more accurate than Cholesky on
// the normal equations, which squares the condition number). When M is
// rank-deficient at working precision (condition number above
// 1/(eps·max dimension), numpy.linalg.lstsq's default cut-off) or has
// fewer rows than columns, it takes the minimum-norm solution from the SVD,
// which gives a dead unit's zero column a zero weight instead of NaN.
// ok is false when h or y is not finite or no solution is finite.
func solve(h, y []float64, rows, inputs, outputs int, ridge float64) (f fit, ok bool) {
	for _, v := range h {
		if !finite(v) {
			return fit{solver: SolverNone}, false
		}
	}
	for _, v := range y {
		if !finite(v) {
			return fit{solver: SolverNone}, false
		}
	}
	cols := inputs + 1
	m := rows
	if ridge > 0 {
		m += inputs
	}
	a := mat.NewDense(m, cols, nil)
	b := mat.NewDense(m, outputs, nil)
	for r := range rows {
		for j := range inputs {
			a.Set(r, j, h[r*inputs+j])
		}
		a.Set(r, inputs, 1)
		for k := range outputs {
			b.Set(r, k, y[r*outputs+k])
		}
	}
	if ridge > 0 {
		s := math.Sqrt(float64(rows) * ridge)
		for j := range inputs {
			a.Set(rows+j, j, s)
		}
	}
	rcond := 0x1p-52 * float64(max(m, cols))
	if m >= cols {
		var qr mat.QR
		qr.Factorize(a)
		if c := qr.Cond(); c*rcond <= 1 {
			var beta mat.Dense
			if err := qr.SolveTo(&beta, false, b); err == nil && allFinite(&beta) {
				return fit{beta: &beta, rank: cols, solver: SolverQR}, true
			}
		}
	}
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThin) {
		return fit{solver: SolverNone}, false
	}
	rank := svd.Rank(rcond)
	if rank < 1 {
		return fit{solver: SolverNone}, false
	}
	var beta mat.Dense
	svd.SolveTo(&beta, b, rank)
	if !allFinite(&beta) {
		return fit{solver: SolverNone}, false
	}
	return fit{beta: &beta, rank: rank, solver: SolverSVD}, true
}

func allFinite(m *mat.Dense) bool {
	r, c := m.Dims()
	for i := range r {
		for j := range c {
			if !finite(m.At(i, j)) {
				return false
			}
		}
	}
	return true
}
