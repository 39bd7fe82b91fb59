package nn

import (
	"fmt"
	"math"
)

// PreActivations exposes layer l's pre-activations from the last Forward so
// that gradient checks can keep away from kinks.
func PreActivations(ws *Workspace, l int) []float64 { return ws.layer(ws.pre, l) }

// CacheMatchesForward reports the first way o's coordinate cache differs
// from a rebuild at x, or "" when it is bit for bit the same.
func CacheMatchesForward(o *Objective, x []float64) string {
	c := o.coord
	if c == nil {
		return "no cache"
	}
	fresh := newUnitCache(o.Model, o.Data, o.Loss)
	fresh.rebuild(x)
	for m := 1; m <= c.nl; m++ {
		for k, v := range fresh.pre[m] {
			if math.Float64bits(v) != math.Float64bits(c.pre[m][k]) {
				return fmt.Sprintf("pre[%d][%d] = %v, Forward %v", m, k, c.pre[m][k], v)
			}
		}
		if m < c.nl {
			for k, v := range fresh.act[m] {
				if math.Float64bits(v) != math.Float64bits(c.act[m][k]) {
					return fmt.Sprintf("act[%d][%d] = %v, Forward %v", m, k, c.act[m][k], v)
				}
			}
		}
	}
	if c.f != fresh.f || c.sum != fresh.sum {
		return fmt.Sprintf("loss %v, Forward %v", c.f, fresh.f)
	}
	return ""
}

// OutputQuadratic returns the A and B of outputQuadratic for parameter i.
func OutputQuadratic(o *Objective, x []float64, i int) (a, b float64) {
	losses := make([]float64, 1)
	o.ScoreCoordinate(losses, x, i, []float64{x[i] + 1})
	q := o.coord.score.quad
	for blk := 0; blk < len(q); blk += 4 {
		a += q[blk]
		b += q[blk+1]
	}
	return a, b
}

// NegativeSlope and IsSquaredError expose how the scorer classifies an
// activation and a loss.
func NegativeSlope(a Activation) (float64, bool) { return negativeSlope(a) }
func IsSquaredError(l Loss) bool                 { return isSquaredError(l) }

// DownCacheStale reports the first row of a valid downstream slot, not
// marked to be rebuilt, whose cached error line at the unit's current
// pre-activation is not the row's current output error, or "".
func DownCacheStale(o *Objective) string {
	c := o.coord
	if c == nil || c.down.nq == 0 {
		return ""
	}
	dc := &c.down
	rows, kw, sw := c.rows, dc.kw, dc.sw
	for s, ok := range dc.valid {
		if !ok {
			continue
		}
		j := dc.unit[s]
		for r := range rows {
			R := s*rows + r
			if dc.dirty[R] || dc.nb[R] < 0 {
				continue
			}
			a := c.pre[dc.m][j*rows+r] // in t, the pre-activation
			nb := int(dc.nb[R])
			bp := dc.bp[R*kw : R*kw+nb]
			z := 0
			for z < nb && bp[z] < a {
				z++
			}
			f0, f1 := dc.f0[R*sw+z], dc.f1[R*sw+z]
			got := f0 + f1*a
			want := c.pre[c.nl][r] - c.data.Y[r*c.data.TargetDim]
			scale := math.Abs(f0) + math.Abs(f1*a) + math.Abs(want) + 1
			if math.Abs(got-want) > 1e-9*scale {
				return fmt.Sprintf("slot %d (unit %d), row %d: cached error %v, current %v", s, j, r, got, want)
			}
		}
	}
	return ""
}
