package datasets

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/nnexp/nnexp/nn"
)

// guessTask implements TaskAuto.
func guessTask(targets []string) nn.Task {
	for _, t := range targets {
		if !isNumberText(t) {
			return nn.Classification
		}
	}
	return nn.Regression
}

func (l *loader) numericTargets(b *body, column int, name string) ([]float64, error) {
	y := make([]float64, len(b.targets))
	for i, t := range b.targets {
		v, msg := parseCell(t, name)
		if msg != "" {
			return nil, l.errAt(b.targetLines[i], column+1, "%s", msg)
		}
		y[i] = v
	}
	return y, nil
}

// classTargets turns labels into class indices, with classes ordered
// numerically when every label is an integer (so "10" follows "9") and
// lexically otherwise.
func (l *loader) classTargets(b *body, column int, name string) ([]float64, []string, error) {
	index := map[string]int{}
	var classes []string
	for i, t := range b.targets {
		if t == "" {
			return nil, nil, l.errAt(b.targetLines[i], column+1, "empty cell in column %q", name)
		}
		if _, ok := index[t]; !ok {
			index[t] = -1
			classes = append(classes, t)
		}
	}
	if len(classes) < 2 {
		return nil, nil, l.errAt(0, 0, "target column %q has only one class (%q); classification needs at least two", name, classes[0])
	}
	sortClasses(classes)
	for k, c := range classes {
		index[c] = k
	}
	y := make([]float64, len(b.targets))
	for i, t := range b.targets {
		y[i] = float64(index[t])
	}
	return y, classes, nil
}

func sortClasses(classes []string) {
	values := make(map[string]int64, len(classes))
	for _, c := range classes {
		v, err := strconv.ParseInt(c, 10, 64)
		if err != nil {
			slices.Sort(classes)
			return
		}
		values[c] = v
	}
	// Equal values written differently ("1", "01") stay distinct classes;
	// the text breaks the tie so the order is still total.
	slices.SortFunc(classes, func(a, b string) int {
		return cmp.Or(cmp.Compare(values[a], values[b]), cmp.Compare(a, b))
	})
}
