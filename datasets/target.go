package datasets

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/nnexp/nnexp/nn"
)

// maxGuessedClasses bounds the label table TaskAuto keeps while every target
// so far is a number. Past it the column is taken for a regression target:
// a word after more than 65536 distinct numbers is a typo in a measurement,
// not the 65537th class, and keeping the table would cost as much memory as
// the features.
const maxGuessedClasses = 1 << 16

// targetColumn collects the target cells as the rows stream past, keeping
// one float64 per row and, for classes, one copy of each distinct label.
type targetColumn struct {
	l      *loader
	name   string
	column int     // from 1, for errors
	task   nn.Task // as asked: TaskAuto, nn.Regression or nn.Classification

	// y holds each row's value for regression, and for classification its
	// label's index in classes (the order labels first appear in; finish
	// sorts them).
	y       []float64
	index   map[string]int
	classes []string

	// For TaskAuto while every target is written as a number: y holds
	// the values, ids each row's label index (in case a later label is a
	// word and the column turns out to hold classes), and firstBad the
	// first number that is no finite float64 ("NaN", "1e999"), which is an
	// error only if the column stays numeric. ids and the label table are
	// dropped past maxGuessedClasses labels.
	numeric  bool
	ids      []int32
	firstBad error
}

func newTargetColumn(l *loader, name string, column int, task nn.Task) *targetColumn {
	t := &targetColumn{l: l, name: name, column: column, task: task, numeric: task == TaskAuto}
	if task != nn.Regression {
		t.index = map[string]int{}
	}
	return t
}

// reserve makes room for n more rows.
func (t *targetColumn) reserve(n int) {
	t.y = slices.Grow(t.y, n)
	if t.numeric && t.index != nil {
		t.ids = slices.Grow(t.ids, n)
	}
}

// add takes the target cell of the row on line.
func (t *targetColumn) add(cell string, line int) error {
	s := strings.TrimSpace(cell)
	if t.task == nn.Regression {
		v, msg := parseCell(s, t.name)
		if msg != "" {
			if s != "" && !isNumberText(s) {
				msg += ", as a regression target must be"
			}
			return t.l.errAt(line, t.column, "%s", msg)
		}
		t.y = append(t.y, v)
		return nil
	}
	if s == "" {
		return t.l.errAt(line, t.column, "empty cell in column %q", t.name)
	}
	if t.numeric && !isNumberText(s) {
		if t.index == nil {
			return t.l.errAt(line, t.column, "cell %s in column %q is not a number (the rows above hold over %d distinct numbers, so the column is a regression target)", quoteCell(s), t.name, maxGuessedClasses)
		}
		// A word: the column holds classes after all.
		t.numeric = false
		for i, id := range t.ids {
			t.y[i] = float64(id)
		}
		t.ids, t.firstBad = nil, nil
	}
	if !t.numeric {
		t.y = append(t.y, float64(t.intern(s)))
		return nil
	}
	v, msg := parseCell(s, t.name)
	if msg != "" && t.firstBad == nil {
		t.firstBad = t.l.errAt(line, t.column, "%s", msg)
	}
	t.y = append(t.y, v)
	if t.index != nil {
		id := t.intern(s)
		if len(t.classes) > maxGuessedClasses {
			t.index, t.classes, t.ids = nil, nil, nil
		} else {
			t.ids = append(t.ids, int32(id))
		}
	}
	return nil
}

// intern returns label's index in classes, adding it if it is new.
func (t *targetColumn) intern(label string) int {
	if k, ok := t.index[label]; ok {
		return k
	}
	k := len(t.classes)
	// Cloned so the label does not pin the whole line it was cut from.
	label = strings.Clone(label)
	t.index[label] = k
	t.classes = append(t.classes, label)
	return k
}

// finish returns the targets and the task: for TaskAuto, classification
// when any target is not a number, regression otherwise.
func (t *targetColumn) finish() (y []float64, classes []string, task nn.Task, err error) {
	task = t.task
	if task == TaskAuto {
		task = nn.Classification
		if t.numeric {
			task = nn.Regression
		}
	}
	if task == nn.Regression {
		if t.firstBad != nil {
			return nil, nil, task, t.firstBad
		}
		return t.y, nil, task, nil
	}
	if len(t.classes) < 2 && !t.l.oneClass {
		return nil, nil, task, t.l.targetErrAt(0, "target column %q has only one class (%q); classification needs at least two", t.name, t.classes[0])
	}
	// Sort the labels and renumber the rows to match.
	sorted := slices.Clone(t.classes)
	sortClasses(sorted)
	for k, c := range sorted {
		t.index[c] = k
	}
	renumber := make([]float64, len(t.classes))
	for first, c := range t.classes {
		renumber[first] = float64(t.index[c])
	}
	for i, id := range t.y {
		t.y[i] = renumber[int(id)]
	}
	return t.y, sorted, task, nil
}

// sortClasses orders labels numerically when every label is an integer (so
// "10" follows "9") and lexically otherwise.
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
