//go:build !amd64 || purego

package scorer

// addKinkedAVX is never called where useAVX is false.
func addKinkedAVX(n int, pre, act *float64, rows *kinkedRows, kinks *float64, units *int32, steps *float64, stepBytes int, c *kinkedConsts, unit int32, reaches, divide bool) {
	panic("scorer: no assembly kernel on this architecture")
}

// rankKinksAVX is never called where useAVX is false.
func rankKinksAVX(kinks *float64, n int, ranks, notAbove *int32) {
	panic("scorer: no assembly kernel on this architecture")
}
