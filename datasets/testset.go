package datasets

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nnexp/nnexp/nn"
)

// MismatchError is MatchTest's answer: the test set does not fit the
// training set.
type MismatchError struct{ Msg string }

func (e *MismatchError) Error() string { return "datasets: " + e.Msg }

func mismatch(format string, args ...any) error {
	return &MismatchError{Msg: fmt.Sprintf(format, args...)}
}

// MatchTest makes test, a table read from its own file, fit train: the
// same number of features, with the same names, and the same task; for
// classification, test's labels are renumbered to train's classes, since
// each file numbers the classes it holds. It changes test.Y and
// test.Classes in place. A test class that train lacks is an error: the
// model has no output for it. Errors are *MismatchError.
func MatchTest(train, test *nn.Data) error {
	if test.Inputs != train.Inputs {
		return mismatch("the test set has %d features, the training set %d; both must have the same columns", test.Inputs, train.Inputs)
	}
	if !slices.Equal(test.Features, train.Features) {
		for j := range test.Features {
			if test.Features[j] != train.Features[j] {
				return mismatch("feature %d of the test set is %q, of the training set %q; both must have the same columns in the same order", j+1, test.Features[j], train.Features[j])
			}
		}
	}
	if test.Task != train.Task {
		return mismatch("the test set's target makes it %s, the training set's %s", test.Task, train.Task)
	}
	if train.Task != nn.Classification {
		return nil
	}
	index := make(map[string]int, len(train.Classes))
	for k, c := range train.Classes {
		index[c] = k
	}
	renumber := make([]float64, len(test.Classes))
	var missing []string
	for k, c := range test.Classes {
		j, ok := index[c]
		if !ok {
			missing = append(missing, fmt.Sprintf("%q", c))
		}
		renumber[k] = float64(j)
	}
	if len(missing) > 0 {
		return mismatch("the test set has classes %s that the training set lacks; the model has no output for them", strings.Join(missing, ", "))
	}
	for i, y := range test.Y {
		test.Y[i] = renumber[int(y)]
	}
	test.Classes = slices.Clone(train.Classes)
	return nil
}
