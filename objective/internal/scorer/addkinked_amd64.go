//go:build amd64 && !purego

package scorer

// addKinkedAVX is addKinked's loop for rows whose columns are contiguous
// (pre and act from the first row on), four rows an instruction, n a
// multiple of 4: every operation of the loop, products rounded before
// their sums (VMULPD, VADDPD), never fused, so the loop's bits. rows
// holds the state's arrays from the first row on, steps the unit's
// first step (rowSteps[k]) and stepBytes the distance between two rows'
// steps.
//
//go:noescape
func addKinkedAVX(n int, pre, act *float64, rows *kinkedRows, kinks *float64, units *int32, steps *float64, stepBytes int, c *kinkedConsts, unit int32, reaches, divide bool)

// rankKinksAVX sets, for every p < n (n a multiple of 4, the kinks
// finite but for a padding of +Inf), ranks[p] and notAbove[p] to
//
//	for q := range n {
//		if q < p && kinks[q] <= kinks[p] || q > p && kinks[q] < kinks[p] {
//			ranks[p]++
//		}
//		if q < p && kinks[q] <= kinks[p] {
//			notAbove[p]++
//		}
//	}
//
// four p at a time, counted in float64 lanes (exactly: n is small): a q
// before the chunk counts where not above, one after it where below, and
// only the chunk's own four need both tests.
//
//go:noescape
func rankKinksAVX(kinks *float64, n int, ranks, notAbove *int32)
