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
