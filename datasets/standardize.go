package datasets

import (
	"fmt"
	"math"
	"slices"

	"github.com/nnexp/nnexp/nn"
)

// Standardize rescales the features of train to mean 0 and standard
// deviation 1 and applies the same affine map to test (which may be nil),
// returning new tables. Constant columns are only centred.
//
// The statistics come from train alone so that nothing about the test rows
// leaks into training. The standard deviation is the population one (ddof
// 0). test must have train's columns; a train table without rows leaves
// the values as they are.
func Standardize(train, test *nn.Data) (*nn.Data, *nn.Data) {
	if train == nil {
		return nil, copyData(test)
	}
	if test != nil && test.Inputs != train.Inputs {
		// A programming error, not a user one: the halves come from Split.
		panic(fmt.Sprintf("datasets: Standardize: test has %d inputs, train %d", test.Inputs, train.Inputs))
	}
	shift, scale := columnStats(train)
	return affine(train, shift, scale), affine(test, shift, scale)
}

// columnStats returns per-column mean and the divisor to apply after
// subtracting it: the standard deviation, or 1 for a constant column.
func columnStats(d *nn.Data) (mean, scale []float64) {
	n := d.Inputs
	mean = make([]float64, n)
	scale = make([]float64, n)
	for j := range scale {
		scale[j] = 1
	}
	if d.Rows == 0 {
		return mean, scale
	}
	constant := make([]bool, n)
	for j := range constant {
		constant[j] = true
	}
	for r := range d.Rows {
		row := d.X[r*n : (r+1)*n]
		for j, v := range row {
			mean[j] += v
			constant[j] = constant[j] && v == d.X[j]
		}
	}
	for j := range mean {
		mean[j] /= float64(d.Rows)
	}
	sq := make([]float64, n)
	for r := range d.Rows {
		row := d.X[r*n : (r+1)*n]
		for j, v := range row {
			dev := v - mean[j]
			sq[j] += dev * dev
		}
	}
	for j := range mean {
		// Tested by exact equality because summing a repeated value can
		// round, leaving a tiny deviation that would blow up on division.
		if constant[j] {
			mean[j] = d.X[j]
			continue
		}
		if s := math.Sqrt(sq[j] / float64(d.Rows)); s > 0 {
			scale[j] = s
		}
	}
	return mean, scale
}

func affine(d *nn.Data, shift, scale []float64) *nn.Data {
	out := copyData(d)
	if out == nil {
		return nil
	}
	n := out.Inputs
	for r := range out.Rows {
		row := out.X[r*n : (r+1)*n]
		for j := range row {
			row[j] = (row[j] - shift[j]) / scale[j]
		}
	}
	return out
}

func copyData(d *nn.Data) *nn.Data {
	if d == nil {
		return nil
	}
	c := *d
	c.X = slices.Clone(d.X)
	c.Y = slices.Clone(d.Y)
	c.Classes = slices.Clone(d.Classes)
	c.Features = slices.Clone(d.Features)
	return &c
}
