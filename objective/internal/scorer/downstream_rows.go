package scorer

import "math"

// downScratch is buildDown's state for the rows of one block it builds,
// entry i for row rows[i]: unit j's activation a0; the bounds in t below
// which a kink counts as crossed and above which as not reached; the
// error line f0 + f1·a below the kinks kept so far, the bound termMag on
// its terms, the number of sloped units open on it reaching the output,
// the sum bsum of the kinks (to catch a non-finite one), and the kinks
// kept, count of them from kinkAt in the slot's kinks, in unit order.
//
// rowSteps[i·nq+k] is row i's intercept step at next unit k's kink, and
// slopeSteps[k] and openSteps[k] the unit's steps of the slope and of the
// open count (see cross), nq the next layer's width.
type downScratch struct {
	rows                                       []int32
	kinkAt                                     []int
	a0, crossBelow, wHi, f0, f1, termMag, bsum []float64
	open, count                                []int32
	rowSteps, slopeSteps                       []float64
	openSteps                                  []int32
	sort                                       sortScratch
}

func newDownScratch() downScratch {
	f := func() []float64 { return make([]float64, blockRows) }
	return downScratch{
		rows: make([]int32, 0, blockRows), kinkAt: make([]int, blockRows),
		a0: f(), crossBelow: f(), wHi: f(), f0: f(), f1: f(), termMag: f(), bsum: f(),
		open: make([]int32, blockRows), count: make([]int32, blockRows),
	}
}

// downUnit is next-layer unit k as buildDown's kernels read it: its
// pre-activation and activation columns (by row), its weight v from unit
// j, its weight toOutput to the output, gainBound (see buildDown) and
// whether it reaches the output.
//
// stepScale is toOutput times the gain's change at its kink (buildDown),
// which times the row's z0 - v·a0 is the row's intercept step there.
type downUnit struct {
	k                                 int32
	pre, act                          []float64
	v, toOutput, gainBound, stepScale float64
	reaches                           bool
}

// downGains is a kinked unit's gain below the kinks a row reaches when its
// kink is crossed and when it is kept or not reached.
type downGains struct{ crossed, kept float64 }

// addKinked adds unit u's terms to every row of s, for v != 0 and a next
// layer that is not the identity, and keeps the kinks the row's window
// reaches. It equals, bit for bit, row by row,
//
//	kink := a0 - z0/v           // z0 := u.pre[r]; a0 - z0*(1/v) unless divide
//	bsum += kink
//	gain := g.kept
//	if kink < crossBelow {      // crossed
//		gain = g.crossed
//	} else if !(kink > wHi) {   // reached: kept, in unit order
//		kinks[kinkAt+count], units[kinkAt+count] = kink, u.k; count++
//	}
//	zk, ak := z0-v*a0, u.act[r]
//	f0 += toOutput * (gain*zk - ak)
//	f1 += toOutput * gain * v
//	termMag += |toOutput| * (gainBound*|zk| + |ak|)
//	if gain != 0 && u.reaches { open++ }
//	rowSteps[i*nq+k] = stepScale * zk
//
// with every product rounded before its sum (float64), so that no build
// fuses one into an FMA: the sums live in memory here and would fuse
// otherwise than the loop's. It runs without branches on the kinks, whose
// order would mispredict them: the gain's bits are selected, and every
// kink is written after the row's kept ones, kept or not (the slot has
// room for every unit's). Contiguous rows, a whole build's, go through
// addKinkedAVX four at a time where useAVX (addcols_amd64.go) says so.
func (s *downScratch) addKinked(u *downUnit, g downGains, kinks []float64, units []int32, divide bool) {
	rows := s.rows
	n := len(rows)
	a0s, crossBelow, wHi := s.a0[:n], s.crossBelow[:n], s.wHi[:n]
	f0, f1, termMag, bsum := s.f0[:n], s.f1[:n], s.termMag[:n], s.bsum[:n]
	open, count, kinkAt := s.open[:n], s.count[:n], s.kinkAt[:n]
	pre, act := u.pre, u.act
	v, toOutput, magOut, gainBound, k := u.v, u.toOutput, math.Abs(u.toOutput), u.gainBound, u.k
	inv := 1 / v
	crossedBits, keptBits := math.Float64bits(g.crossed), math.Float64bits(g.kept)
	var reaches int32
	if u.reaches {
		reaches = 1
	}
	nq, stepScale := len(s.slopeSteps), u.stepScale
	if n == 0 {
		return
	}
	steps := s.rowSteps[k:]
	from := 0
	if r0 := int(rows[0]); useAVX && n >= 4 && int(rows[n-1])-r0 == n-1 {
		// Contiguous rows (a whole build): the kernel takes them four at
		// a time, the loop below the last one to three.
		from = n &^ 3
		state := kinkedRows{
			a0: &a0s[0], crossBelow: &crossBelow[0], wHi: &wHi[0], f0: &f0[0], f1: &f1[0],
			termMag: &termMag[0], bsum: &bsum[0], kinkAt: &kinkAt[0], count: &count[0], open: &open[0],
		}
		consts := kinkedConsts{inv, v, toOutput, magOut, gainBound, stepScale, g.crossed, g.kept}
		addKinkedAVX(from, &pre[r0], &act[r0], &state, &kinks[0], &units[0], &steps[0], nq*8, &consts, k, u.reaches, divide)
	}
	for i := from; i < n; i++ {
		r := rows[i]
		z0, a0 := pre[r], a0s[i]
		kink := a0 - float64(z0*inv)
		if divide {
			kink = a0 - z0/v
		}
		bsum[i] += kink
		crossed := kink < crossBelow[i]
		gainBits := keptBits
		if crossed {
			gainBits = crossedBits
		}
		gain := math.Float64frombits(gainBits)
		var kept int32
		if !(kink > wHi[i]) {
			kept = 1
		}
		if crossed {
			kept = 0
		}
		at := kinkAt[i] + int(count[i])
		kinks[at], units[at] = kink, k
		count[i] += kept
		zk, ak := z0-float64(v*a0), act[r]
		f0[i] += float64(toOutput * (float64(gain*zk) - ak))
		f1[i] += float64(float64(toOutput*gain) * v)
		termMag[i] += float64(magOut * (float64(gainBound*math.Abs(zk)) + math.Abs(ak)))
		var on int32
		if gain != 0 {
			on = reaches
		}
		open[i] += on
		steps[i*nq] = float64(stepScale * zk)
	}
}

// addFlat adds unit u's terms to every row of s when it has no kink in a
// (v = 0, or a next layer that is the identity): it keeps its side.
func (s *downScratch) addFlat(u *downUnit, negSlope float64) {
	rows := s.rows
	n := len(rows)
	a0s, f0, f1, termMag, open := s.a0[:n], s.f0[:n], s.f1[:n], s.termMag[:n], s.open[:n]
	pre, act := u.pre, u.act
	v, toOutput, magOut, gainBound := u.v, u.toOutput, math.Abs(u.toOutput), u.gainBound
	for i, r := range rows {
		z0 := pre[r]
		gain := negSlope
		if z0 > 0 || negSlope == 1 {
			gain = 1
		}
		zk, ak := z0-float64(v*a0s[i]), act[r]
		f0[i] += float64(toOutput * (float64(gain*zk) - ak))
		f1[i] += float64(float64(toOutput*gain) * v)
		termMag[i] += float64(magOut * (float64(gainBound*math.Abs(zk)) + math.Abs(ak)))
		if gain != 0 && v != 0 && u.reaches {
			open[i]++
		}
	}
}

// kinkedRows is the row state addKinkedAVX reads and writes, each array
// from the first row on (downScratch's).
type kinkedRows struct {
	a0, crossBelow, wHi, f0, f1, termMag, bsum *float64
	kinkAt                                     *int
	count, open                                *int32
}

// kinkedConsts are a unit's constants for addKinkedAVX: 1/v, v,
// toOutput, |toOutput|, gainBound, stepScale and the gains when a kink
// is crossed and when it is not.
type kinkedConsts [8]float64
