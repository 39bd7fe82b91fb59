package datasets

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/nnexp/nnexp/nn"
)

// TaskAuto lets LoadCSV choose the task: classification when any target
// cell is not a number, regression otherwise.
const TaskAuto nn.Task = -1

// LoadCSV reads a CSV table with a header row. target names the target
// column ("" means the last). name is used in error messages (a file path).
// Errors are *CSVError when they concern a place in the file.
//
// Every column but the target is a feature and must hold finite numbers;
// cells may have surrounding spaces. A UTF-8 byte order mark and CRLF line
// ends are accepted, and blank lines are skipped.
func LoadCSV(r io.Reader, name, target string, task nn.Task) (*nn.Data, error) {
	if task != TaskAuto && task != nn.Regression && task != nn.Classification {
		return nil, fmt.Errorf("datasets: unknown task %d", int(task))
	}
	cr, err := newCSVReader(r)
	if err != nil {
		return nil, readError(name, err)
	}
	l := &loader{name: name, r: cr}

	h, err := l.readHeader(target)
	if err != nil {
		return nil, err
	}
	body, err := l.readBody(h)
	if err != nil {
		return nil, err
	}
	return l.build(h, body, task)
}

// newCSVReader strips a UTF-8 byte order mark, which spreadsheet programs
// write and encoding/csv would otherwise glue to the first column name.
func newCSVReader(r io.Reader) (*csv.Reader, error) {
	br := bufio.NewReader(r)
	bom := []byte("\uFEFF")
	if head, err := br.Peek(len(bom)); err == nil && bytes.Equal(head, bom) {
		if _, err := br.Discard(len(bom)); err != nil {
			return nil, err
		}
	} else if err != nil && err != io.EOF {
		return nil, err
	}
	cr := csv.NewReader(br)
	// Ragged rows are reported by LoadCSV itself, with the header's width
	// in the message.
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr, nil
}

// loader holds what every step of LoadCSV needs to read rows and place
// errors.
type loader struct {
	name string
	r    *csv.Reader
}

// body is the parsed data rows; the target stays text until the task is
// known.
type body struct {
	x           []float64
	targets     []string
	targetLines []int
}

func (l *loader) errAt(line, column int, format string, args ...any) error {
	return &CSVError{File: l.name, Line: line, Column: column, Msg: fmt.Sprintf(format, args...)}
}

// read returns the next record, nil at the end of the input, and turns
// encoding/csv errors into *CSVError.
func (l *loader) read() ([]string, error) {
	rec, err := l.r.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// encoding/csv counts bytes, not cells, so the byte goes in
			// the message rather than in Column.
			msg := fmt.Sprintf("malformed CSV at byte %d: %v", pe.Column, pe.Err)
			if pe.StartLine != pe.Line {
				// An unclosed quote swallows the following lines, so the
				// place where it opened is the useful one.
				msg += fmt.Sprintf(" (the record starts on line %d)", pe.StartLine)
			}
			return nil, l.errAt(pe.Line, 0, "%s", msg)
		}
		return nil, readError(l.name, err)
	}
	return rec, nil
}

func readError(name string, err error) error {
	return fmt.Errorf("datasets: reading %s: %w", name, err)
}

func (l *loader) readBody(h *header) (*body, error) {
	b := &body{}
	width := len(h.columns)
	for {
		rec, err := l.read()
		if err != nil {
			return nil, err
		}
		if rec == nil {
			break
		}
		line, _ := l.r.FieldPos(0)
		if len(rec) != width {
			return nil, l.errAt(line, 0, "ragged row: %d cells, header has %d", len(rec), width)
		}
		for _, j := range h.features {
			v, msg := parseCell(rec[j], h.columns[j])
			if msg != "" {
				cellLine, _ := l.r.FieldPos(j)
				return nil, l.errAt(cellLine, j+1, "%s", msg)
			}
			b.x = append(b.x, v)
		}
		targetLine, _ := l.r.FieldPos(h.target)
		// Clone so the kept label does not pin the whole line's string.
		b.targets = append(b.targets, strings.Clone(strings.TrimSpace(rec[h.target])))
		b.targetLines = append(b.targetLines, targetLine)
	}
	if len(b.targets) == 0 {
		return nil, l.errAt(0, 0, "header only, no data rows")
	}
	return b, nil
}

func (l *loader) build(h *header, b *body, task nn.Task) (*nn.Data, error) {
	if task == TaskAuto {
		task = guessTask(b.targets)
	}
	targetName := h.columns[h.target]
	d := &nn.Data{
		X:         b.x,
		Rows:      len(b.targets),
		Inputs:    len(h.features),
		TargetDim: 1,
		Task:      task,
		Features:  make([]string, len(h.features)),
		Target:    targetName,
	}
	for i, j := range h.features {
		d.Features[i] = h.columns[j]
	}
	var err error
	if task == nn.Classification {
		d.Y, d.Classes, err = l.classTargets(b, h.target, targetName)
	} else {
		d.Y, err = l.numericTargets(b, h.target, targetName)
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}
