package datasets

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/nnexp/nnexp/registry"
)

// header is the validated header row: column names and which of them is
// the target.
type header struct {
	columns  []string
	target   int
	features []int // column indices, in file order
}

// maxListedColumns keeps a "not found" message readable for wide tables
// such as digits (65 columns).
const maxListedColumns = 12

func (l *loader) readHeader(cols CSVColumns) (*header, error) {
	target := cols.Target
	rec, err := l.read()
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, l.errAt(0, 0, "empty file")
	}
	// Blank lines before the header are skipped by encoding/csv, so the
	// header is not necessarily line 1.
	line, _ := l.r.FieldPos(0)
	h := &header{columns: make([]string, len(rec)), target: -1}
	seen := make(map[string]int, len(rec))
	for j, cell := range rec {
		col := strings.TrimSpace(cell)
		if col == "" {
			return nil, l.errAt(line, j+1, "column %d has no name", j+1)
		}
		if first, dup := seen[col]; dup {
			return nil, l.errAt(line, j+1, "duplicate column name %q (also column %d)", col, first+1)
		}
		seen[col] = j
		h.columns[j] = strings.Clone(col)
	}

	// A missing target and every bad ignored name are reported together,
	// so that one pass over an experiment shows them all.
	var errs []error
	if target == "" {
		h.target = len(h.columns) - 1
	} else if j, ok := seen[target]; ok {
		h.target = j
	} else {
		hint := ""
		if len(h.columns) == 1 {
			hint = separatorHint(h.columns[0])
		}
		errs = append(errs, l.targetErrAt(line, "%s%s", notFound(target, h.columns), hint))
	}
	if len(h.columns) < 2 {
		if len(errs) > 0 {
			// The target named is not the one column: that is the mistake.
			return nil, errors.Join(errs...)
		}
		return nil, l.errAt(line, 0, "no feature columns: the only column is the target %q, which leaves a model no inputs%s", h.columns[h.target], separatorHint(h.columns[0]))
	}
	ignored := map[int]bool{}
	ignoreErr := func(format string, args ...any) {
		errs = append(errs, &CSVError{File: l.name, Line: line, Msg: fmt.Sprintf(format, args...), Ignore: true})
	}
	named := map[string]bool{}
	for _, name := range cols.Ignore {
		j, ok := seen[name]
		switch {
		case named[name]:
			ignoreErr("column %q is ignored twice; name it once", name)
		case !ok:
			ignoreErr("ignored %s", strings.TrimPrefix(notFound(name, h.columns), "target "))
		case j == h.target && target == "":
			ignoreErr("column %q is the target (the last column, when target is not set); set target to another column to ignore this one", name)
		case j == h.target:
			ignoreErr("column %q is the target; it cannot be ignored", name)
		}
		named[name] = true
		if ok {
			ignored[j] = true
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for j := range h.columns {
		if j != h.target && !ignored[j] {
			h.features = append(h.features, j)
		}
	}
	if len(h.features) == 0 {
		return nil, &CSVError{File: l.name, Line: line, Msg: "no feature columns: every column but the target is ignored, which leaves a model no inputs", Ignore: true}
	}
	return h, nil
}

// separatorHint suggests the separator a one-column header seems to use.
func separatorHint(column string) string {
	for _, sep := range []string{";", "\t", "|"} {
		if strings.Contains(column, sep) {
			return fmt.Sprintf(" (the header holds %q: is that its separator? nnexp reads commas, and semicolons or tabs when the header has no comma)", sep)
		}
	}
	return ""
}

func notFound(target string, columns []string) string {
	listed := columns
	more := ""
	if len(listed) > maxListedColumns {
		listed = listed[:maxListedColumns]
		more = fmt.Sprintf(", ... %d more", len(columns)-maxListedColumns)
	}
	msg := fmt.Sprintf("target column %q not found (columns: %s%s)", target, strings.Join(listed, ", "), more)
	// Every one- or two-letter name is "near" another, so short names get
	// no suggestion.
	if near := registry.Nearest(target, columns); near != "" && len(target) > 2 {
		msg += fmt.Sprintf("; did you mean %q?", near)
	}
	return msg
}

// CSVColumns says what the columns of a CSV table are.
type CSVColumns struct {
	// Target names the target column; "" means the last.
	Target string
	// Ignore names columns that are neither features nor the target
	// (an id, a free-text note); they are not parsed.
	Ignore []string
}

// CSVHeader is what the header row of a CSV table says: its columns and
// which of them is the target.
type CSVHeader struct {
	Columns []string
	// Target indexes Columns.
	Target int
	// FeatureColumns index Columns: every column but the target and the
	// ignored ones, in file order.
	FeatureColumns []int
}

// Features is the number of feature columns.
func (h *CSVHeader) Features() int { return len(h.FeatureColumns) }

// ReadCSVHeader reads only the header row of a CSV table and checks it as
// LoadCSV does (names present and unique, target found, at least one
// feature), with the same errors, without reading a data row: checking an
// experiment costs the same on a million rows as on ten.
func ReadCSVHeader(r io.Reader, name, target string) (*CSVHeader, error) {
	return ReadCSVHeaderColumns(r, name, CSVColumns{Target: target})
}

// ReadCSVHeaderColumns is ReadCSVHeader with ignored columns.
func ReadCSVHeaderColumns(r io.Reader, name string, cols CSVColumns) (*CSVHeader, error) {
	cr, err := newCSVReader(r)
	if err != nil {
		if errors.Is(err, errNotUTF8) {
			return nil, &CSVError{File: name, Msg: err.Error()}
		}
		return nil, readError(name, err)
	}
	l := &loader{name: name, r: cr}
	h, err := l.readHeader(cols)
	if err != nil {
		return nil, err
	}
	return &CSVHeader{Columns: h.columns, Target: h.target, FeatureColumns: h.features}, nil
}
