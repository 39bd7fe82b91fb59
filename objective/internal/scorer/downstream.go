package scorer

import (
	"math"
	"unsafe"
)

// downCache holds, for one unit j of the last-but-one hidden layer m of a
// net with one output, when that layer is piecewise linear, every row's
// output error as a function of the unit's pre-activation t: piecewise
// linear, with a kink where unit j itself does (t = 0) and where each unit
// k of layer m+1 crosses zero. Per row it keeps the kinks in t, sorted,
// and on each segment between them the error's line intercept + slope·t
// and whether any sloped unit reaches the output there (buildDown). The function depends only on
// parameters after layer m and on the other units of layer m, so it stays
// valid while the search moves unit j's own weights and bias, however
// often one is accepted; committing a parameter after layer m drops it,
// and committing one of another unit of layer m or of an earlier layer
// marks just the rows it changed for a rebuild (dropDown). The
// bulk path then maps a candidate to t(u) and composes, instead of
// recomputing layer m+1 per row for every parameter of the unit.
//
// It is only a faster way to form the bulk scores, which decide which
// values are evaluated exactly: the scores round differently, within the
// same bounds, and the marks near kinks use the same tolerances.
type downCache struct {
	m, nextWidth int // the layer of the units, the width of the next one
	// slots: one per unit of layer m when that costs little (units·nextWidth
	// at most maxDownSlots), else one, reused by the unit last scored.
	slots int
	valid []bool // per slot
	unit  []int  // per slot: its unit
	// dirty[slot·rows + row]: the row is out of date in a valid slot and
	// is rebuilt before use; partial[slot]: some row of the slot is.
	dirty   []bool
	partial []bool
	// Per slot and row, at (slot·rows + row) times kinkStride or segStride:
	kinkCount  []int32   // number of kinks; -1: not cached (a non-finite value)
	kinks      []float64 // kinkStride: kinks in t, ascending
	kinkUnits  []int32   // kinkStride: the unit of each kink
	intercepts []float64 // segStride: the error line on each segment,
	slopes     []float64 // intercept + slope·t
	open       []bool    // segStride: a sloped unit reaches the output
	// termMag (per row) and slopeTermMag (per slot: it depends on the
	// weights only) bound the terms the lines' sums added and took off:
	// the rounding left in intercept + slope·t is a few ulps of
	// termMag + slopeTermMag·|t|, however much of them cancelled (a flat
	// segment's intercept can be the small difference of huge terms).
	termMag, slopeTermMag []float64
	// kinkStride and segStride are the strides of the kinks and of the
	// segments, nextWidth+1 and nextWidth+2: the next layer's kinks and
	// unit j's own, at t = 0.
	kinkStride, segStride int
	// sigma is layer m's negative slope.
	sigma float64
	// window is the last build's window when it had one (a bias's),
	// windowUnit its unit, and windowOn says the slot still holds it:
	// nothing in the cache has changed since.
	window     downWindow
	windowUnit int
	windowOn   bool
}

// windowHolds reports whether unit j's slot holds a window build still
// up to date whose moves reach u, so that the downstream lines are right
// at the pre-activations a bias move of u gives.
func (dc *downCache) windowHolds(j int, u float64) bool {
	w := dc.window
	return dc.windowOn && dc.windowUnit == j && w.on && u >= w.u0 && u <= w.uN
}

// maxDownSlots bounds units·width for keeping a downstream slot per unit,
// so the cache's memory stays linear in rows·width.
const maxDownSlots = 64

// newDownCache sizes the cache for net c, or returns an empty one when the
// net has no last-but-one hidden layer or more than one output.
func newDownCache(c *Scorer) downCache {
	if c.layers < 3 || c.sizes[c.layers] != 1 {
		return downCache{}
	}
	m := c.layers - 2
	rows, nq := c.rows, c.sizes[m+1]
	slots := 1
	if c.sizes[m]*nq <= maxDownSlots {
		slots = c.sizes[m]
	}
	n := slots * rows
	kinkStride, segStride := nq+1, nq+2
	return downCache{
		m: m, nextWidth: nq, slots: slots, kinkStride: kinkStride, segStride: segStride, sigma: c.negSlope[m-1],
		valid: make([]bool, slots), unit: make([]int, slots),
		dirty: make([]bool, n), partial: make([]bool, slots),
		kinkCount: make([]int32, n), kinks: make([]float64, n*kinkStride), kinkUnits: make([]int32, n*kinkStride),
		intercepts: make([]float64, n*segStride), slopes: make([]float64, n*segStride),
		open:    make([]bool, n*segStride),
		termMag: make([]float64, n), slopeTermMag: make([]float64, slots),
	}
}

// slot returns unit j's slot.
func (dc *downCache) slot(j int) int {
	if dc.slots == 1 {
		return 0
	}
	return j
}

// dropDown brings the slots up to date with committed p, the value of a
// parameter feeding unit p.j of layer p.m. A slot's rows depend only on
// the other units of layer m at the row and on later parameters, so: a
// parameter after layer m drops every slot; one of the slot's own unit
// keeps it; any other (an earlier layer, or another unit of layer m)
// changes only the rows whose activation in layer p.m changed, so just
// those are marked to be rebuilt, bit for bit as a whole rebuild would.
func (c *Scorer) dropDown(p *pending) {
	c.markDown(p.m, p.j, p.changed[:c.rows])
}

// markDown is dropDown for a change of unit j of layer m whose rows
// changed are marked.
func (c *Scorer) markDown(m, j int, changed []bool) {
	dc := &c.down
	dc.windowOn = false
	rows := c.rows
	for s := range dc.valid {
		switch {
		case !dc.valid[s]:
		case m > dc.m:
			dc.valid[s] = false
		case m == dc.m && dc.unit[s] == j:
		default:
			d := dc.dirty[s*rows : (s+1)*rows]
			for r, ch := range changed[:rows] {
				if ch {
					d[r] = true
					dc.partial[s] = true
				}
			}
		}
	}
}

// dropAllDown invalidates every slot.
func (c *Scorer) dropAllDown() {
	clear(c.down.valid)
	c.down.windowOn = false
}

// downRow is one slot row of the downstream cache: its kinks in t,
// ascending, the unit of each, and the error line const + slope·t and open
// flag (a sloped unit reaches the output) of each segment between them,
// segment s below kink s.
type downRow struct {
	kinks            []float64
	units            []int32
	intercept, slope []float64
	open             []bool
}

// downLine is an error line const + slope·a with open sloped units
// reaching the output.
type downLine struct {
	intercept, slope float64
	open             int
}

// cross fills the error lines of a row's segments after the first, whose
// line is first: crossing the kinks (in a, ascending) upwards, a unit
// with a positive weight from j turns on and one with a negative weight
// turns off, which moves the intercept by the row's step for the unit
// (rowSteps[k], from addKinked), the slope by the unit's (slopeSteps[k])
// and the count of open units by openSteps[k]. It reports whether every
// value is finite: Inf and NaN last through the sums, so one test at the
// end covers them.
func cross(row downRow, first downLine, rowSteps, slopeSteps []float64, openSteps []int32) bool {
	f0, f1, open := first.intercept, first.slope, int32(first.open)
	rowIntercepts, rowSlopes, rowOpen := row.intercept, row.slope, row.open
	rowIntercepts[0], rowSlopes[0], rowOpen[0] = f0, f1, open > 0
	bsum := 0.0
	for t, b := range row.kinks {
		k := row.units[t]
		f0 += rowSteps[k]
		f1 += slopeSteps[k]
		open += openSteps[k]
		if open == 0 {
			// No sloped unit reaches the output: the slope is 0, not
			// what is left of the terms added and taken off.
			f1 = 0
		}
		rowIntercepts[t+1], rowSlopes[t+1], rowOpen[t+1] = f0, f1, open > 0
		bsum += b
	}
	return bsum-bsum == 0 && f0-f0 == 0 && f1-f1 == 0
}

// buildDown fills rows b.lo..b.hi-1 of the downstream cache for unit j of
// layer m from the cache's current values (onlyDirty: just the dirty
// ones). Layer m is piecewise linear with a negative slope sigma >= 0
// (ReLU: 0, leaky ReLU, identity: 1), so unit j's activation is a = t
// above 0 and sigma·t below it, of its pre-activation t, so each row
// keeps its error as a function of t instead: the lines between the next
// layer's kinks in a, with a kink added at t = 0 (whose unit is given as
// nq, for the tolerances) and, below it, the kinks and slopes in a mapped
// to t (kink b at b/sigma, unit k given as nq+1+k). A ReLU reaches no kink
// below a = 0, so its row is constant there. The bulk path then maps a
// candidate to t, which is linear in it, and needs no separate treatment
// of the unit's own kink.
//
// With window on (a ReLU unit j and a bias, whose input is 1), each row
// keeps only the kinks in t that the parameter's grid reaches, within the
// window's margin, which reluDeepRows's kernel visits: a kink below them
// goes into the first line as crossed, one above them is left as not
// reached, and the row's lines are right only within that range. A
// bias's grid reaches a few of a row's kinks, so the row sorts and
// crosses those instead of all of them.
func (c *Scorer) buildDown(next *nextLayer, b *bulkRows, onlyDirty bool, window downWindow, s *downScratch) {
	dc := &c.down
	j := next.unit
	base := dc.slot(j) * c.rows
	rows, nl := c.rows, c.layers
	nq, nm := dc.nextWidth, next.stride
	fromUnit, toOutput, nextNegSlope, reachesOutput := next.fromUnit, next.toOutput, next.negSlope, next.reachesOutput
	kinkStride, segStride := dc.kinkStride, dc.segStride
	sigma := dc.sigma
	relu := sigma == 0
	// A ReLU's kinks go after t = 0's at once (see below).
	off := 0
	if relu {
		off = 1
	}
	// The rows are built a block at a time, next unit by next unit (the
	// columns are read in order, and the rows' sums do not wait on each
	// other), then row by row for the sort and the crossings: the same
	// operations in the same order per row as one row at a time
	// (buildDownRef, in the tests), so the same bits.
	rs := s.rows[:0]
	for r := b.lo; r < b.hi; r++ {
		R := base + r
		if onlyDirty && !dc.dirty[R] {
			continue
		}
		dc.dirty[R] = false
		rs = append(rs, int32(r))
	}
	s.rows = rs
	n := len(rs)
	// Per row rebuilt: four multiply-adds per next unit, one step per kink
	// moved by the insertion sort, and the crossing's segments.
	work := 4 * int64(nq) * int64(n)
	defer func() { c.blockWork[b.lo/blockRows] += work }()
	// Per row: unit j's activation a0, the window in t, and the line
	// f0 + f1·a below every kink the unit reaches: there a unit whose kink
	// is reached is on if its weight from j is negative; for a ReLU, a
	// unit whose kink is at or below a = 0 is on if its weight is
	// positive; one that does not move keeps its current side. open
	// counts its sloped units reaching the output, termMag bounds its
	// terms, bsum sums the kinks to catch a non-finite one, and count
	// counts the kinks kept so far.
	a0s, crossBelow, wHi := s.a0[:n], s.crossBelow[:n], s.wHi[:n]
	f0s, f1s, termMags, bsums := s.f0[:n], s.f1[:n], s.termMag[:n], s.bsum[:n]
	opens, counts, kinkAt := s.open[:n], s.count[:n], s.kinkAt[:n]
	out, y, td := c.pre[nl], c.data.Y, c.data.TargetDim
	for i, r := range rs {
		a0s[i] = b.a[r]
		lo, hi := math.Inf(-1), math.Inf(1)
		if window.on {
			lo, hi = window.bounds(b.z[r])
		}
		// A kink is crossed below the window, and a ReLU's at or below
		// a = 0 too: below the least positive value when lo is not above 0.
		if relu && !(lo > 0) {
			lo = math.SmallestNonzeroFloat64
		}
		crossBelow[i], wHi[i] = lo, hi
		kinkAt[i] = (base+int(r))*kinkStride + off
		f0 := out[r] - y[int(r)*td]
		f0s[i], f1s[i], termMags[i], bsums[i] = f0, 0, math.Abs(f0), 0
		opens[i], counts[i] = 0, 0
	}
	// The lines' terms are added once and taken off at most once more at
	// a crossing, with a gain change of at most 1 + |nextNegSlope|: gainBound
	// bounds the multiple (slopeTermMag is the slope's).
	gainBound := 2 * (1 + math.Abs(nextNegSlope))
	// What crossing a unit's kink upwards does to a row's line (cross): a
	// unit with a positive weight from j turns on (its gain goes from the
	// negative slope to 1), one with a negative weight turns off, which
	// moves the slope by a step of the unit's, the intercept by one of the
	// row's (addKinked keeps them), and the units open by one or none.
	s.rowSteps = grow(s.rowSteps, n*nq)
	s.sort.grow(kinkStride)
	s.slopeSteps, s.openSteps = grow(s.slopeSteps, nq), grow(s.openSteps, nq)
	for k := range nq {
		u := downUnit{
			k: int32(k), pre: next.pre[k*rows : (k+1)*rows], act: next.act[k*rows : (k+1)*rows],
			v: fromUnit[k*nm+j], toOutput: toOutput[k], gainBound: gainBound, reaches: reachesOutput[k],
		}
		if u.v == 0 || nextNegSlope == 1 {
			s.addFlat(&u, nextNegSlope)
			continue
		}
		gainStep := 1 - nextNegSlope // the gain's change, off to on
		if u.v < 0 {
			gainStep = nextNegSlope - 1
		}
		u.stepScale = float64(u.toOutput * gainStep)
		s.slopeSteps[k] = float64(u.stepScale * u.v)
		s.openSteps[k] = 0
		if u.reaches {
			// Off to on takes a unit of slope 0 (a ReLU's) to an open
			// one: one more open then; on to off, one fewer.
			if nextNegSlope == 0 && u.v > 0 {
				s.openSteps[k] = 1
			} else if nextNegSlope == 0 {
				s.openSteps[k] = -1
			}
		}
		// The gain below every kink the row reaches: crossed (a ReLU's a
		// never goes below 0), the unit is on if v > 0; not reached or
		// kept, if v < 0. A product rounds the kinks a little differently
		// from a quotient, far inside their marks' tolerance; a wide next
		// layer divides.
		g := downGains{crossed: nextNegSlope, kept: 1}
		if u.v > 0 {
			g = downGains{crossed: 1, kept: nextNegSlope}
		}
		if nq > maxDownInv {
			s.addKinked(&u, g, dc.kinks, dc.kinkUnits, true)
		} else {
			s.addKinked(&u, g, dc.kinks, dc.kinkUnits, false)
		}
	}
	for i, r32 := range rs {
		r := int(r32)
		R := base + r
		nb := int(counts[i])
		rowKinks := dc.kinks[R*kinkStride+off : R*kinkStride+kinkStride]
		rowUnits := dc.kinkUnits[R*kinkStride+off : R*kinkStride+kinkStride]
		// Sorted stably: each kink goes where inserting it as it was found
		// would have put it.
		if bsum := bsums[i]; bsum-bsum == 0 && nb >= minRankSort {
			work += sortKinks(rowKinks[:nb], rowUnits[:nb], &s.sort)
		} else {
			work += insertionSort(rowKinks[:nb], rowUnits[:nb])
		}
		work += int64(nb) // a step per kink kept, moved or not
		a0, f0 := a0s[i], f0s[i]
		rowIntercepts := dc.intercepts[R*segStride : R*segStride+segStride]
		rowSlopes := dc.slopes[R*segStride : R*segStride+segStride]
		rowOpen := dc.open[R*segStride : R*segStride+segStride]
		dc.termMag[R] = termMags[i]
		work += 2 * int64(nb)
		row := downRow{kinks: rowKinks[:nb], units: rowUnits[:nb], intercept: rowIntercepts[off:], slope: rowSlopes[off:], open: rowOpen[off:]}
		if bsum := bsums[i]; bsum-bsum != 0 || a0-a0 != 0 ||
			!cross(row, downLine{f0, f1s[i], int(opens[i])}, s.rowSteps[i*nq:(i+1)*nq], s.slopeSteps, s.openSteps) {
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

// downWindow is the range of t a bias's grid reaches from a row's
// pre-activation z0, t = z0 + u for u from u0 to uN, widened by margin
// (twice the largest kink tolerance), for buildDown.
type downWindow struct {
	on             bool
	u0, uN, margin float64
}

// bounds is the window of the row whose pre-activation is z0. It
// contains every kink reluDeepRows visits, [tLo-dMax, tHi+dMax] with
// tLo and tHi formed as it forms them.
func (w downWindow) bounds(z0 float64) (lo, hi float64) {
	const beta = 1.0
	tA, tB := z0+beta*w.u0, z0+beta*w.uN
	return min(tA, tB) - w.margin, max(tA, tB) + w.margin
}

// maxDownInv bounds the width of the next layer for which buildDown
// keeps the weights' inverses on its stack.
const maxDownInv = 64

// slopeTermMag is downCache.slopeTermMag for unit j of layer m, whose
// weights to the next layer are fromUnit (at k·nm+j) and the next layer's
// to the output toOutput: the slope's terms, bounded as buildDown bounds
// the lines' (see gainBound there).
func slopeTermMag(fromUnit, toOutput []float64, nq, nm, j int, nextNegSlope float64) float64 {
	gainBound := 2 * (1 + math.Abs(nextNegSlope))
	mag := 0.0
	for k := range nq {
		mag += gainBound * math.Abs(toOutput[k]*fromUnit[k*nm+j])
	}
	return mag
}

// rowKinks is slot row R's nk kinks in t and their units.
func (dc *downCache) rowKinks(R, nk int) (kinks []float64, units []int32) {
	kinkStride := dc.kinkStride
	return dc.kinks[R*kinkStride : R*kinkStride+nk], dc.kinkUnits[R*kinkStride : R*kinkStride+nk]
}

// rowLines is the error lines intercept + slope·t and the open flags of
// slot row R's nk+1 segments. (Two calls rather than one downRow: a
// struct of five slices would go through memory in the kernels' loops.)
func (dc *downCache) rowLines(R, nk int) (intercept, slope []float64, open []bool) {
	segStride := dc.segStride
	return dc.intercepts[R*segStride : R*segStride+nk+1], dc.slopes[R*segStride : R*segStride+nk+1], dc.open[R*segStride : R*segStride+nk+1]
}

// lineMag bounds the terms behind slot row R's lines, for unit j, where t
// runs over [tLo, tHi] (see termMag): their rounding is a few ulps of it.
func (dc *downCache) lineMag(R, j int, tLo, tHi float64) float64 {
	return dc.termMag[R] + dc.slopeTermMag[dc.slot(j)]*max(math.Abs(tLo), math.Abs(tHi))
}

// minRankSort is the fewest kinks sortKinks sorts: an insertion sort of
// a few costs less than copying them out for their ranks.
const minRankSort = 8

// sortKinks sorts a row's finite kinks ascending, with their units,
// stably, and returns the moves an insertion sort makes (the inversions):
// each goes to its rank, the kinks below it and the equal ones before it,
// counted without a branch (a row's kinks come in no order a branch could
// predict, and an insertion sort mispredicts once per kink), by
// rankKinksAVX where useAVX says so. It equals
//
//	insertionSort(kinks, units)
//
// for finite kinks; sc holds its scratch.
func sortKinks(kinks []float64, units []int32, sc *sortScratch) (moves int64) {
	n := len(kinks)
	tmpKinks, tmpUnits := sc.kinks[:n], sc.units[:n]
	copy(tmpKinks, kinks)
	copy(tmpUnits, units)
	if useAVX {
		// Padded to a multiple of 4 with +Inf, which no finite kink is
		// above or ties.
		padded := (n + 3) &^ 3
		for p := n; p < padded; p++ {
			sc.kinks[p] = math.Inf(1)
		}
		rankKinksAVX(&sc.kinks[0], padded, &sc.ranks[0], &sc.notAbove[0])
		for p, kink := range tmpKinks {
			rank := sc.ranks[p]
			kinks[rank], units[rank] = kink, tmpUnits[p]
			moves += int64(p) - int64(sc.notAbove[p])
		}
		return moves
	}
	for p, kink := range tmpKinks {
		notAbove := 0 // the kinks before p not above it
		for _, k := range tmpKinks[:p] {
			notAbove += oneIf(k <= kink)
		}
		below := 0 // the kinks after p below it
		for _, k := range tmpKinks[p+1:] {
			below += oneIf(k < kink)
		}
		rank := notAbove + below
		kinks[rank], units[rank] = kink, tmpUnits[p]
		moves += int64(p - notAbove)
	}
	return moves
}

// sortScratch is sortKinks' scratch, room for a row's kinks and three
// more.
type sortScratch struct {
	kinks           []float64
	units           []int32
	ranks, notAbove []int32
}

func (sc *sortScratch) grow(n int) {
	n += 3
	sc.kinks, sc.units = grow(sc.kinks, n), grow(sc.units, n)
	sc.ranks, sc.notAbove = grow(sc.ranks, n), grow(sc.notAbove, n)
}

// insertionSort sorts kinks ascending with their units, stably, and
// returns the moves it made; a row with a non-finite kink (whose lines
// are not kept) takes it, as the ranks need an order.
func insertionSort(kinks []float64, units []int32) (moves int64) {
	for p := 1; p < len(kinks); p++ {
		kink, unit := kinks[p], units[p]
		q := p
		for q > 0 && kinks[q-1] > kink {
			kinks[q], units[q] = kinks[q-1], units[q-1]
			q--
		}
		kinks[q], units[q] = kink, unit
		moves += int64(p - q)
	}
	return moves
}

// oneIf is 1 if b, else 0, without a branch (a SETcc).
func oneIf(b bool) int {
	return int(*(*uint8)(unsafe.Pointer(&b)))
}
