package datasets

import "github.com/nnexp/nnexp/nn"

// ScaleInPlace multiplies every feature of d by s: the dataset block's
// scale, such as 1/255 for pixel bytes. It changes d, so a caller holding
// shared data (a built-in's) scales a Clone.
func ScaleInPlace(d *nn.Data, s float64) {
	if d == nil || s == 1 {
		return
	}
	for i := range d.X {
		d.X[i] *= s
	}
}

// Clone returns a copy of d that shares no storage with it.
func Clone(d *nn.Data) *nn.Data { return copyData(d) }
