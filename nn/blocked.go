package nn

// The first layer of a net with many inputs (an image's pixels) adds each
// unit's terms in blocks of SumBlock: z = b + S_0 + S_1 + ..., where S_q is
// the sum, from 0 and in input order, of the terms of inputs qB to
// qB+B-1. The result is as accurate as one running sum; the reason is
// search's exact scorer, which must reproduce Forward's bits after one
// weight changes: with one running sum it re-adds every term from that
// weight on (hundreds per row on 784 pixels), with blocks one block and
// the block sums (about 2·sqrt(inputs)). Smaller layers, and the layers
// after the first, keep the one running sum.
const (
	// BlockedInputs is the fewest inputs a first layer sums in blocks.
	BlockedInputs = 256
	// SumBlock is the number of terms in a block.
	SumBlock = 32
)

// Blocked reports whether Forward sums linear layer l's units, of in
// inputs each, in blocks of SumBlock.
func Blocked(l, in int) bool { return l == 0 && in >= BlockedInputs }

// blockedSums is
//
//	for j := range z {
//		s := b[j]
//		for q0 := 0; q0 < in; q0 += SumBlock {
//			part := 0.0
//			for i := q0; i < min(q0+SumBlock, in); i++ {
//				part += float64(w[j*in+i] * src[i])
//			}
//			s += part
//		}
//		z[j] = s
//	}
//
// with in = len(src); float64(...) rounds each product before the sum, as
// Forward's running sum does, so that no build fuses it into an FMA.
func blockedSums(z, w, b, src []float64) {
	in := len(src)
	for j := range z {
		row := w[j*in : j*in+in]
		s := b[j]
		for q0 := 0; q0 < in; q0 += SumBlock {
			part := 0.0
			blk := row[q0:min(q0+SumBlock, in)]
			x := src[q0 : q0+len(blk)]
			for i, v := range blk {
				part += float64(v * x[i])
			}
			s += part
		}
		z[j] = s
	}
}
