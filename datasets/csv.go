package datasets

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"

	"github.com/nnexp/nnexp/nn"
)

// TaskAuto lets LoadCSV choose the task: classification when any target
// cell is not a number, regression otherwise. The one exception keeps
// memory bounded: a word after more than 65536 distinct numbers is reported
// as a bad regression target rather than making every number a class.
const TaskAuto nn.Task = -1

// LoadCSV reads a CSV table with a header row. target names the target
// column ("" means the last). name is used in error messages (a file path).
// Errors are *CSVError when they concern a place in the file.
//
// Rows are parsed one at a time, so memory use is the float64 table plus
// the distinct class labels; X is allocated once when r can tell its size
// (a file, a bytes or strings reader).
//
// Every column but the target is a feature and must hold finite numbers;
// cells may have surrounding spaces. A UTF-8 byte order mark and CRLF line
// ends are accepted, and blank lines are skipped.
func LoadCSV(r io.Reader, name, target string, task nn.Task) (*nn.Data, error) {
	return LoadCSVColumns(r, name, CSVColumns{Target: target}, task)
}

// LoadCSVColumns is LoadCSV with ignored columns (CSVColumns.Ignore).
func LoadCSVColumns(r io.Reader, name string, cols CSVColumns, task nn.Task) (*nn.Data, error) {
	return loadCSV(r, name, cols, task, false)
}

// LoadCSVTest reads a test set from its own CSV file, with the training
// set's task, and makes it fit train (MatchTest): the same feature
// columns, and class labels renumbered to train's classes. Unlike a
// training set, it may hold rows of a single class.
func LoadCSVTest(r io.Reader, name string, cols CSVColumns, train *nn.Data) (*nn.Data, error) {
	test, err := loadCSV(r, name, cols, train.Task, true)
	if err != nil {
		return nil, err
	}
	if err := MatchTest(train, test); err != nil {
		return nil, err
	}
	return test, nil
}

func loadCSV(r io.Reader, name string, cols CSVColumns, task nn.Task, oneClass bool) (*nn.Data, error) {
	if task != TaskAuto && task != nn.Regression && task != nn.Classification {
		return nil, fmt.Errorf("datasets: unknown task %d", int(task))
	}
	size := sizeOf(r) // before newCSVReader reads ahead
	cr, err := newCSVReader(r)
	if err != nil {
		if errors.Is(err, errNotUTF8) {
			return nil, &CSVError{File: name, Msg: err.Error()}
		}
		return nil, readError(name, err)
	}
	l := &loader{name: name, r: cr, size: size, oneClass: oneClass}

	h, err := l.readHeader(cols)
	if err != nil {
		return nil, err
	}
	body, err := l.readBody(h, task)
	if err != nil {
		return nil, err
	}
	return l.build(h, body)
}

// newCSVReader strips a UTF-8 byte order mark, which spreadsheet programs
// write and encoding/csv would otherwise glue to the first column name;
// refuses UTF-16, which spreadsheet programs also write and which read as
// one column of NUL-laced text; and reads a file whose first line has no
// comma but semicolons or tabs (a European spreadsheet's export, a TSV)
// with that separator.
func newCSVReader(r io.Reader) (*csv.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	bom := []byte("\uFEFF")
	head, err := peekFirstLine(br)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) || bytes.IndexByte(head, 0) >= 0 {
		return nil, errNotUTF8
	}
	if bytes.HasPrefix(head, bom) {
		if _, err := br.Discard(len(bom)); err != nil {
			return nil, err
		}
		head = head[len(bom):]
	}
	cr := csv.NewReader(br)
	cr.Comma = separator(head)
	// Ragged rows are reported by LoadCSV itself, with the header's width
	// in the message.
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr, nil
}

// peekFirstLine returns the buffered bytes up to the first newline (or
// the buffer's size, or the end of the input) without consuming them, and
// without reading further than the line: validate reads only a header,
// and on a pipe a read past it could wait.
func peekFirstLine(br *bufio.Reader) ([]byte, error) {
	for {
		head, _ := br.Peek(br.Buffered())
		// Blank lines before the header are skipped by encoding/csv, so
		// they are by the separator's detection too.
		text := bytes.TrimLeft(head, "\r\n")
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			return head[:len(head)-len(text)+i+1], nil
		}
		if len(head) == br.Size() {
			return head, nil
		}
		// One more byte than is buffered: one more read of the input.
		if _, err := br.Peek(len(head) + 1); err == io.EOF {
			head, _ = br.Peek(br.Buffered())
			return head, nil
		} else if err != nil {
			return nil, err
		}
	}
}

// errNotUTF8 is newCSVReader's answer to UTF-16 or binary input.
var errNotUTF8 = errors.New("the file is not UTF-8 text (it looks like UTF-16, or holds NUL bytes); save it as UTF-8 CSV")

// separator is ',' unless the first line (of those in head) has no comma
// outside quotes and has semicolons or tabs, whichever it has more of.
func separator(head []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range bytes.TrimLeft(head, "\r\n") {
		if c == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		counts[c]++
	}
	switch {
	case counts[','] > 0:
		return ','
	case counts[';'] > 0 && counts[';'] >= counts['\t']:
		return ';'
	case counts['\t'] > 0:
		return '\t'
	}
	return ','
}

// loader holds what every step of LoadCSV needs to read rows and place
// errors.
type loader struct {
	name string
	r    *csv.Reader
	// size is how many bytes the input holds, or 0 when unknown; it lets
	// readBody allocate X once.
	size int64
	// oneClass accepts a class target with a single class: a test set
	// may hold rows of one class, which the training set's classes name.
	oneClass bool
}

// body is the parsed data rows: features already as numbers, targets as
// numbers or class indices (see targetColumn).
type body struct {
	x    []float64
	rows int
	y    *targetColumn
}

func (l *loader) errAt(line, column int, format string, args ...any) error {
	return &CSVError{File: l.name, Line: line, Column: column, Msg: fmt.Sprintf(format, args...)}
}

// targetErrAt is errAt for a problem with the target column as a whole.
func (l *loader) targetErrAt(line int, format string, args ...any) error {
	return &CSVError{File: l.name, Line: line, Msg: fmt.Sprintf(format, args...), Target: true}
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
	// An *fs.PathError already names the file; keep only its reason.
	if pe, ok := errors.AsType[*fs.PathError](err); ok && pe.Path == name {
		err = pe.Err
	}
	return fmt.Errorf("datasets: reading %s: %w", name, err)
}

// estimateAfter is how many data rows readBody reads before it estimates
// the row count from the input size and allocates X and Y for all rows.
const estimateAfter = 1000

// readBody reads the data rows one at a time, parsing each cell into X as
// it goes, so memory stays close to the float64 table itself: no row is kept
// as text, and only the distinct labels of a class target are.
func (l *loader) readBody(h *header, task nn.Task) (*body, error) {
	b := &body{y: newTargetColumn(l, h.columns[h.target], h.target+1, task)}
	width := len(h.columns)
	bodyStart := l.r.InputOffset()
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
		if err := b.y.add(rec[h.target], targetLine); err != nil {
			return nil, err
		}
		b.rows++
		if b.rows == estimateAfter {
			b.reserve(l.estimateRows(b.rows, bodyStart), len(h.features))
		}
	}
	if b.rows == 0 {
		return nil, l.errAt(0, 0, "header only, no data rows")
	}
	// An estimate far above the real count would leave the excess
	// allocated for as long as the data lives.
	if cap(b.x)-len(b.x) > len(b.x)/8 {
		b.x = slices.Clone(b.x)
	}
	return b, nil
}

// estimateRows guesses the total number of data rows from the bytes the
// first rows took and the bytes left, or returns 0 when the input size is
// unknown.
func (l *loader) estimateRows(rows int, bodyStart int64) int {
	read := l.r.InputOffset() - bodyStart
	if l.size <= 0 || read <= 0 {
		return 0
	}
	left := l.size - l.r.InputOffset()
	// 2% over, so that rows a little longer than the first ones do not
	// cost a second, larger allocation.
	return rows + int(float64(left)/float64(read)*float64(rows)*1.02)
}

// reserve makes room for rows rows in X and Y.
func (b *body) reserve(rows, inputs int) {
	if rows > b.rows {
		b.x = slices.Grow(b.x, (rows-b.rows)*inputs)
		b.y.reserve(rows - b.rows)
	}
}

// sizeOf returns how many bytes r has left to read when r can tell (a
// file, a bytes or strings reader), 0 otherwise.
func sizeOf(r io.Reader) int64 {
	switch r := r.(type) {
	case interface{ Len() int }:
		return int64(r.Len())
	case interface{ Stat() (os.FileInfo, error) }:
		info, err := r.Stat()
		if err != nil || !info.Mode().IsRegular() {
			return 0
		}
		size := info.Size()
		if s, ok := r.(io.Seeker); ok {
			if pos, err := s.Seek(0, io.SeekCurrent); err == nil {
				size -= pos
			}
		}
		return size
	}
	return 0
}

func (l *loader) build(h *header, b *body) (*nn.Data, error) {
	y, classes, task, err := b.y.finish()
	if err != nil {
		return nil, err
	}
	d := &nn.Data{
		X:         b.x,
		Y:         y,
		Rows:      b.rows,
		Inputs:    len(h.features),
		TargetDim: 1,
		Task:      task,
		Classes:   classes,
		Features:  make([]string, len(h.features)),
		Target:    h.columns[h.target],
	}
	for i, j := range h.features {
		d.Features[i] = h.columns[j]
	}
	return d, nil
}
