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
// Forward's running sum does, so that no build fuses it into an FMA. It
// sums four units at a time (fourSums, block by block): four independent
// chains, so the loop does not wait on one addition at a time.
func blockedSums(z, w, b, src []float64) {
	in := len(src)
	j := 0
	for ; j+4 <= len(z); j += 4 {
		z[j], z[j+1], z[j+2], z[j+3] = sumsOfFour(true, b[j], b[j+1], b[j+2], b[j+3],
			w[j*in:j*in+in], w[(j+1)*in:(j+1)*in+in], w[(j+2)*in:(j+2)*in+in], w[(j+3)*in:(j+3)*in+in], src)
	}
	for ; j < len(z); j++ {
		z[j] = sumOfOne(true, b[j], w[j*in:j*in+in], src)
	}
}

// sumsOfFour is four sums as Forward forms a unit's from s0..s3: the
// rounded products a_k[i]·x[i] in input order, in blocks of SumBlock when
// blocked (each block summed from 0, then added), else one running sum.
// The a_k are four units' weights and x a row's inputs, as in Forward, or
// four rows' inputs and x one unit's weights (nn.UnitPreRows): a
// product's factors commute exactly, so the bits are the same. Each a_k
// is at least len(x) long.
func sumsOfFour(blocked bool, s0, s1, s2, s3 float64, a0, a1, a2, a3, x []float64) (float64, float64, float64, float64) {
	if !blocked {
		return fourSums(s0, s1, s2, s3, a0, a1, a2, a3, x)
	}
	n := len(x)
	for q0 := 0; q0 < n; q0 += SumBlock {
		q1 := min(q0+SumBlock, n)
		p0, p1, p2, p3 := fourSums(0, 0, 0, 0, a0[q0:q1], a1[q0:q1], a2[q0:q1], a3[q0:q1], x[q0:q1])
		s0 += p0
		s1 += p1
		s2 += p2
		s3 += p3
	}
	return s0, s1, s2, s3
}

// sumOfOne is sumsOfFour for one sum.
func sumOfOne(blocked bool, s float64, a, x []float64) float64 {
	if !blocked {
		return oneSum(s, a, x)
	}
	n := len(x)
	for q0 := 0; q0 < n; q0 += SumBlock {
		q1 := min(q0+SumBlock, n)
		s += oneSum(0, a[q0:q1], x[q0:q1])
	}
	return s
}
