package scorer

import "math"

// buildDownRef is buildDown as it was written first: one row at a time,
// each next-layer unit's kink inserted into the row's sorted kinks as it
// is found, with every product rounded (float64) where a build for a CPU
// with FMA (GOAMD64=v3) would otherwise fuse it into the sum, as buildDown
// rounds them: the two hold their sums in different places (a register
// here, the scratch there), so they would fuse differently. buildDown must
// equal it bit for bit (every array of the slot and the work it counts);
// the tests compare them.
func (c *Scorer) buildDownRef(next *nextLayer, b *bulkRows, onlyDirty bool, window downWindow) {
	dc := &c.down
	j := next.unit
	base := dc.slot(j) * c.rows
	rows, nl := c.rows, c.layers
	nq, nm := dc.nextWidth, next.stride
	fromUnit, toOutput, nextNegSlope, reachesOutput := next.fromUnit, next.toOutput, next.negSlope, next.reachesOutput
	kinkStride, segStride := dc.kinkStride, dc.segStride
	sigma := dc.sigma
	relu := sigma == 0
	ac := b.a
	pre, act := next.pre, next.act
	// 1/v per next unit: a product rounds the kinks a little differently
	// from a quotient, far inside their marks' tolerance.
	var invV [maxDownInv]float64
	if nq <= maxDownInv {
		for k := range nq {
			invV[k] = 1 / fromUnit[k*nm+j]
		}
	}
	// The lines' terms are added once and taken off at most once more at
	// a crossing, with a gain change of at most 1 + |nextNegSlope|: gainBound
	// bounds the multiple (slopeTermMag is the slope's).
	gainBound := 2 * (1 + math.Abs(nextNegSlope))
	// Per row rebuilt: four multiply-adds per next unit, one step per kink
	// moved by the insertion sort, and the crossing's segments.
	var work int64
	defer func() { c.blockWork[b.lo/blockRows] += work }()
	for r := b.lo; r < b.hi; r++ {
		R := base + r // the slot's row
		if onlyDirty && !dc.dirty[R] {
			continue
		}
		work += 4 * int64(nq)
		dc.dirty[R] = false
		a0 := ac[r]
		wLo, wHi := math.Inf(-1), math.Inf(1)
		if window.on {
			wLo, wHi = window.bounds(b.z[r])
		}
		// A ReLU's kinks go after t = 0's at once (see below).
		off := 0
		if relu {
			off = 1
		}
		rowKinks := dc.kinks[R*kinkStride+off : R*kinkStride+kinkStride]
		rowUnits := dc.kinkUnits[R*kinkStride+off : R*kinkStride+kinkStride]
		nb := 0 // kinks so far
		// The line f0 + f1·a below every kink the unit reaches: there a
		// unit whose kink is reached is on if its weight from j is
		// negative; for a ReLU, a unit whose kink is at or below a = 0 is
		// on if its weight is positive; one that does not move keeps its
		// current side. open counts its sloped units reaching the output,
		// termMag bounds its terms.
		f0 := c.pre[nl][r] - c.data.Y[r*c.data.TargetDim]
		f1 := 0.0
		open := 0
		bsum := 0.0 // of the kinks, to catch a non-finite one
		termMag := math.Abs(f0)
		for k := range nq {
			v := fromUnit[k*nm+j]
			z0 := pre[k*rows+r]
			gain := nextNegSlope
			if v != 0 && nextNegSlope != 1 {
				var kink float64
				if nq <= maxDownInv {
					kink = a0 - float64(z0*invV[k])
				} else {
					kink = a0 - z0/v
				}
				bsum += kink
				switch {
				case relu && kink <= 0 || kink < wLo:
					// Crossed: a ReLU's a never goes below 0.
					if v > 0 {
						gain = 1
					}
				case kink > wHi:
					// Not reached.
					if v < 0 {
						gain = 1
					}
				default:
					if v < 0 {
						gain = 1
					}
					p := nb
					for p > 0 && rowKinks[p-1] > kink {
						rowKinks[p], rowUnits[p] = rowKinks[p-1], rowUnits[p-1]
						p--
					}
					rowKinks[p], rowUnits[p] = kink, int32(k)
					work += int64(nb - p + 1)
					nb++
				}
			} else if z0 > 0 || nextNegSlope == 1 {
				gain = 1
			}
			zk, ak := z0-float64(v*a0), act[k*rows+r]
			f0 += float64(toOutput[k] * (float64(gain*zk) - ak))
			f1 += float64(float64(toOutput[k]*gain) * v)
			termMag += float64(math.Abs(toOutput[k]) * (float64(gainBound*math.Abs(zk)) + math.Abs(ak)))
			if gain != 0 && v != 0 && reachesOutput[k] {
				open++
			}
		}
		rowIntercepts := dc.intercepts[R*segStride : R*segStride+segStride]
		rowSlopes := dc.slopes[R*segStride : R*segStride+segStride]
		rowOpen := dc.open[R*segStride : R*segStride+segStride]
		dc.termMag[R] = termMag
		work += 2 * int64(nb)
		row := downRow{kinks: rowKinks[:nb], units: rowUnits[:nb], intercept: rowIntercepts[off:], slope: rowSlopes[off:], open: rowOpen[off:]}
		if bsum-bsum != 0 || !next.crossRef(r, a0, row, downLine{f0, f1, open}) {
			// Left to the per-parameter pieces.
			dc.kinkCount[R] = -1
			continue
		}
		dc.kinkCount[R] = int32(nb + 1)
		if relu {
			// Below t = 0 the error is the line's value at a = 0.
			dc.kinks[R*kinkStride], dc.kinkUnits[R*kinkStride] = 0, int32(nq)
			rowIntercepts[0], rowSlopes[0], rowOpen[0] = f0, 0, false
			continue
		}
		// Insert t = 0 after the z kinks below a = 0; the segment across
		// a = 0 then appears on both sides of it.
		z := 0
		for z < nb && rowKinks[z] < 0 {
			z++
		}
		copy(rowKinks[z+1:nb+1], rowKinks[z:nb])
		copy(rowUnits[z+1:nb+1], rowUnits[z:nb])
		copy(rowIntercepts[z+1:nb+2], rowIntercepts[z:nb+1])
		copy(rowSlopes[z+1:nb+2], rowSlopes[z:nb+1])
		copy(rowOpen[z+1:nb+2], rowOpen[z:nb+1])
		rowKinks[z], rowUnits[z] = 0, int32(nq)
		// Below t = 0, a = sigma·t.
		for i := range z {
			rowKinks[i] /= sigma
			rowUnits[i] += int32(nq + 1)
		}
		for s := 0; s <= z; s++ {
			rowSlopes[s] *= sigma
		}
	}
}

// crossRef is cross as it was written first, from the cached columns:
// it fills the error lines of row r's segments after the first, whose
// line is first: crossing the kinks (in a, ascending) upwards, a unit
// with a positive weight from j turns on and one with a negative weight
// turns off. It reports whether every value is finite: Inf and NaN last
// through the sums, so one test at the end covers them.
func (d *nextLayer) crossRef(r int, a0 float64, row downRow, first downLine) bool {
	f0, f1, open := first.intercept, first.slope, first.open
	rowIntercepts, rowSlopes, rowOpen := row.intercept, row.slope, row.open
	rowIntercepts[0], rowSlopes[0], rowOpen[0] = f0, f1, open > 0
	bsum := 0.0
	for t, b := range row.kinks {
		k := int(row.units[t])
		v := d.fromUnit[k*d.stride+d.unit]
		z0 := d.pre[k*d.rows+r]
		g, ng := d.negSlope, 1.0
		if v < 0 {
			g, ng = 1, d.negSlope
		}
		dg := ng - g
		// Every product rounded, as buildDown rounds it (see buildDownRef).
		f0 += float64(float64(d.toOutput[k]*dg) * (z0 - float64(v*a0)))
		f1 += float64(float64(d.toOutput[k]*dg) * v)
		if d.reachesOutput[k] {
			if g != 0 {
				open--
			}
			if ng != 0 {
				open++
			}
		}
		if open == 0 {
			// No sloped unit reaches the output: the slope is 0, not
			// what is left of the terms added and taken off.
			f1 = 0
		}
		rowIntercepts[t+1], rowSlopes[t+1], rowOpen[t+1] = f0, f1, open > 0
		bsum += b
	}
	return a0-a0 == 0 && bsum-bsum == 0 && f0-f0 == 0 && f1-f1 == 0
}
