package scorer

import (
	"fmt"
	"math"
)

// The methods below let package objective's tests look inside the cache;
// nothing else calls them.

// MatchesRebuild reports the first way the cache differs from a rebuild at
// x, or "" when it is bit for bit the same.
func (c *Scorer) MatchesRebuild(x []float64) string {
	fresh := New(c.model, c.data, c.loss)
	fresh.rebuild(x)
	for m := 1; m <= c.layers; m++ {
		for k, v := range fresh.pre[m] {
			if math.Float64bits(v) != math.Float64bits(c.pre[m][k]) {
				return fmt.Sprintf("pre[%d][%d] = %v, Forward %v", m, k, c.pre[m][k], v)
			}
		}
		if m < c.layers {
			for k, v := range fresh.act[m] {
				if math.Float64bits(v) != math.Float64bits(c.act[m][k]) {
					return fmt.Sprintf("act[%d][%d] = %v, Forward %v", m, k, c.act[m][k], v)
				}
			}
		}
	}
	if c.meanLoss != fresh.meanLoss || c.lossSum != fresh.lossSum {
		return fmt.Sprintf("loss %v, Forward %v", c.meanLoss, fresh.meanLoss)
	}
	return ""
}

// OutputQuadraticSums returns the A and B of the last outputQuadratic.
func (c *Scorer) OutputQuadraticSums() (a, b float64) {
	q := c.score.blockQuadSums
	for blk := 0; blk < len(q); blk += 4 {
		a += q[blk]
		b += q[blk+1]
	}
	return a, b
}

// DownCacheStale reports the first row of a valid downstream slot, not
// marked to be rebuilt, whose cached error line at the unit's current
// pre-activation is not the row's current output error, or "".
func (c *Scorer) DownCacheStale() string {
	if c.down.nextWidth == 0 {
		return ""
	}
	dc := &c.down
	rows, kinkStride, segStride := c.rows, dc.kinkStride, dc.segStride
	for s, ok := range dc.valid {
		if !ok {
			continue
		}
		j := dc.unit[s]
		for r := range rows {
			R := s*rows + r
			if dc.dirty[R] || dc.kinkCount[R] < 0 {
				continue
			}
			a := c.pre[dc.m][j*rows+r] // in t, the pre-activation
			nb := int(dc.kinkCount[R])
			rowKinks := dc.kinks[R*kinkStride : R*kinkStride+nb]
			z := 0
			for z < nb && rowKinks[z] < a {
				z++
			}
			f0, f1 := dc.intercepts[R*segStride+z], dc.slopes[R*segStride+z]
			got := f0 + f1*a
			want := c.pre[c.layers][r] - c.data.Y[r*c.data.TargetDim]
			scale := math.Abs(f0) + math.Abs(f1*a) + math.Abs(want) + 1
			if math.Abs(got-want) > 1e-9*scale {
				return fmt.Sprintf("slot %d (unit %d), row %d: cached error %v, current %v", s, j, r, got, want)
			}
		}
	}
	return ""
}

// OutputScaleDrift is the largest relative difference between the cache's
// row output scales and a rebuild's at x: those updated by one unit's term
// (updateOutputScale) drift from a sum afresh by rounding alone.
func (c *Scorer) OutputScaleDrift(x []float64) float64 {
	fresh := New(c.model, c.data, c.loss)
	fresh.rebuild(x)
	drift := 0.0
	for r, v := range fresh.rowOutputScale {
		if d := math.Abs(c.rowOutputScale[r] - v); d > 0 {
			drift = max(drift, d/math.Max(math.Abs(v), math.SmallestNonzeroFloat64))
		}
	}
	return drift
}
