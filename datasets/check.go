package datasets

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnexp/nnexp/nn"
)

// Check reports what makes d unusable as a data set, as the CSV and IDX
// readers refuse it in their input: every table they return passes. A data
// set that Go code registers (registry.Dataset) gets no reader's checks,
// and a NaN in it or a label past its classes would only show as a run
// that "diverged". Usable means: at least one row, input and target
// column; X and Y of Rows·Inputs and Rows·TargetDim values, all finite;
// Features naming the inputs when set; and for classification one target
// column of whole labels from 0 to len(Classes)-1, with at least two
// classes.
func Check(d *nn.Data) error {
	switch {
	case d == nil:
		return errors.New("no data (a nil *nn.Data)")
	case d.Rows < 1:
		return fmt.Errorf("%d rows; a data set needs at least one", d.Rows)
	case d.Inputs < 1:
		return fmt.Errorf("%d inputs; a model needs at least one", d.Inputs)
	case d.TargetDim < 1:
		return fmt.Errorf("target dimension %d; a data set needs at least one target column", d.TargetDim)
	case len(d.X) != d.Rows*d.Inputs:
		return fmt.Errorf("X holds %d values; %d rows of %d inputs need %d", len(d.X), d.Rows, d.Inputs, d.Rows*d.Inputs)
	case len(d.Y) != d.Rows*d.TargetDim:
		return fmt.Errorf("Y holds %d values; %d rows of %d targets need %d", len(d.Y), d.Rows, d.TargetDim, d.Rows*d.TargetDim)
	case d.Features != nil && len(d.Features) != d.Inputs:
		return fmt.Errorf("Features names %d columns for %d inputs", len(d.Features), d.Inputs)
	}
	for i, v := range d.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			r, c := i/d.Inputs, i%d.Inputs
			return fmt.Errorf("row %d, input %s is %v; every value must be finite", r, inputName(d, c), v)
		}
	}
	if d.Task != nn.Classification {
		for i, v := range d.Y {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("row %d, target %d is %v; every value must be finite", i/d.TargetDim, i%d.TargetDim, v)
			}
		}
		return nil
	}
	k := len(d.Classes)
	switch {
	case d.TargetDim != 1:
		return fmt.Errorf("classification with %d target columns; its target is one column of class labels", d.TargetDim)
	case k < 2:
		return fmt.Errorf("classification with %d classes (Classes); it needs at least two", k)
	}
	for r, v := range d.Y {
		if !(v >= 0 && v < float64(k) && v == math.Trunc(v)) {
			return fmt.Errorf("row %d has label %v; a label is a whole number from 0 to %d, an index into Classes", r, v, k-1)
		}
	}
	return nil
}

// inputName is input c's column name, quoted, or its number.
func inputName(d *nn.Data, c int) string {
	if c < len(d.Features) {
		return fmt.Sprintf("%q", d.Features[c])
	}
	return fmt.Sprint(c)
}
