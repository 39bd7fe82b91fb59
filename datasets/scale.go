package datasets

import (
	"fmt"
	"math"

	"github.com/nnexp/nnexp/nn"
)

// ScaleInPlace multiplies every feature of d by s: the dataset block's
// scale, such as 1/255 for pixel bytes. It changes d, so a caller holding
// shared data (a built-in's) scales a Clone. A finite feature that the
// product makes infinite is an error (the first one met): the model could
// only diverge on it. It names the feature and value, not the row, which
// a split has moved.
func ScaleInPlace(d *nn.Data, s float64) error {
	if d == nil || s == 1 {
		return nil
	}
	for i, v := range d.X {
		d.X[i] = v * s
		if math.IsInf(d.X[i], 0) && !math.IsInf(v, 0) {
			col := i % d.Inputs
			name := fmt.Sprintf("feature %d", col+1)
			if col < len(d.Features) {
				name = fmt.Sprintf("feature %q", d.Features[col])
			}
			return fmt.Errorf("datasets: scale %g makes %s infinite where it is %g", s, name, v)
		}
	}
	return nil
}

// Clone returns a copy of d that shares no storage with it.
func Clone(d *nn.Data) *nn.Data { return copyData(d) }
