package datasets

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/nn"
)

func load(t *testing.T, text, target string, task nn.Task) *nn.Data {
	t.Helper()
	d, err := LoadCSV(strings.NewReader(text), "t.csv", target, task)
	if err != nil {
		t.Fatalf("LoadCSV: %v", err)
	}
	return d
}

func TestLoadCSVRegressionRoundTrip(t *testing.T) {
	// Target in the middle, spaces around cells, CRLF and a BOM together.
	text := "\uFEFFa, y ,b\r\n1, 10 ,-2.5\r\n 3e2,20,0x1p-2\r\n\r\n-0,30.5,7\r\n"
	d := load(t, text, "y", TaskAuto)
	if d.Task != nn.Regression {
		t.Fatalf("task %v, want regression", d.Task)
	}
	if d.Rows != 3 || d.Inputs != 2 || d.TargetDim != 1 {
		t.Fatalf("shape %dx%d dim %d, want 3x2 dim 1", d.Rows, d.Inputs, d.TargetDim)
	}
	if want := []float64{1, -2.5, 300, 0.25, 0, 7}; !slices.Equal(d.X, want) {
		t.Errorf("X = %v, want %v", d.X, want)
	}
	if want := []float64{10, 20, 30.5}; !slices.Equal(d.Y, want) {
		t.Errorf("Y = %v, want %v", d.Y, want)
	}
	if !slices.Equal(d.Features, []string{"a", "b"}) || d.Target != "y" {
		t.Errorf("columns %v -> %q, want [a b] -> y", d.Features, d.Target)
	}
	if d.Classes != nil {
		t.Errorf("regression has classes %v", d.Classes)
	}
}

func TestLoadCSVStringLabelsClassify(t *testing.T) {
	text := "x1,x2,kind\n1,2,cat\n3,4,dog\n5,6,ant\n7,8,dog\n"
	d := load(t, text, "", TaskAuto)
	if d.Task != nn.Classification {
		t.Fatalf("task %v, want classification", d.Task)
	}
	if !slices.Equal(d.Classes, []string{"ant", "cat", "dog"}) {
		t.Fatalf("classes %v, want [ant cat dog]", d.Classes)
	}
	if want := []float64{1, 2, 0, 2}; !slices.Equal(d.Y, want) {
		t.Errorf("Y = %v, want %v", d.Y, want)
	}
	if want := []float64{1, 2, 3, 4, 5, 6, 7, 8}; !slices.Equal(d.X, want) {
		t.Errorf("X = %v, want %v", d.X, want)
	}
}

func TestLoadCSVIntegerClassesSortNumerically(t *testing.T) {
	text := "x,y\n1,10\n2,9\n3,-1\n4,9\n"
	d := load(t, text, "", nn.Classification)
	if !slices.Equal(d.Classes, []string{"-1", "9", "10"}) {
		t.Fatalf("classes %v, want [-1 9 10]", d.Classes)
	}
	if want := []float64{2, 1, 0, 1}; !slices.Equal(d.Y, want) {
		t.Errorf("Y = %v, want %v", d.Y, want)
	}
	// The same numeric labels read as regression keep their values.
	r := load(t, text, "", TaskAuto)
	if r.Task != nn.Regression || !slices.Equal(r.Y, []float64{10, 9, -1, 9}) {
		t.Errorf("auto: task %v Y %v, want regression [10 9 -1 9]", r.Task, r.Y)
	}
}

func TestLoadCSVMixedLabelsSortLexically(t *testing.T) {
	d := load(t, "x,y\n1,10\n2,9\n3,b\n", "", TaskAuto)
	if !slices.Equal(d.Classes, []string{"10", "9", "b"}) {
		t.Fatalf("classes %v, want [10 9 b]", d.Classes)
	}
}

func TestLoadCSVQuotedMultilineField(t *testing.T) {
	// The quoted label spans two physical lines, so the bad cell on the
	// next record is on line 5, not 4.
	text := "x,y\n1,\"a\nb\"\n2,c\nzz,d\n"
	_, err := LoadCSV(strings.NewReader(text), "q.csv", "", TaskAuto)
	want := `q.csv:5:1: cell "zz" in column "x" is not a number`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	d := load(t, "x,y\n1,\"a\nb\"\n2,c\n", "", TaskAuto)
	if !slices.Equal(d.Classes, []string{"a\nb", "c"}) {
		t.Errorf("classes %q", d.Classes)
	}
}

func TestLoadCSVErrors(t *testing.T) {
	wide := "c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,c12,c13\n" + strings.Repeat("1,", 13) + "1\n"
	tests := []struct {
		name, text, target string
		task               nn.Task
		want               string
		line, col          int
	}{
		{"not a number", "age,sex,bmi,y\n1,2,3,4\n1,2,abc,4\n", "", TaskAuto,
			`d.csv:3:3: cell "abc" in column "bmi" is not a number`, 3, 3},
		{"crlf and bom keep places", "\uFEFFa,b\r\n1,2\r\n1,x y\r\n", "a", TaskAuto,
			`d.csv:3:2: cell "x y" in column "b" is not a number`, 3, 2},
		{"blank lines counted", "a,b\n\n1,2\n\n\n3,\n", "", TaskAuto,
			`d.csv:6:2: empty cell in column "b"`, 6, 2},
		{"nan feature", "a,b\n1,2\nNaN,3\n", "", TaskAuto,
			`d.csv:3:1: cell "NaN" in column "a" is not a finite number`, 3, 1},
		{"inf feature", "a,b\n-Inf,3\n", "", TaskAuto,
			`d.csv:2:1: cell "-Inf" in column "a" is not a finite number`, 2, 1},
		{"overflow", "a,b\n1e999,3\n", "", TaskAuto,
			`d.csv:2:1: cell "1e999" in column "a" is too large for a float64`, 2, 1},
		{"nan target stays regression", "a,b\n1,2\n2,nan\n", "", TaskAuto,
			`d.csv:3:2: cell "nan" in column "b" is not a finite number`, 3, 2},
		{"regression target text", "a,b\n1,2\n2,big\n", "", nn.Regression,
			`d.csv:3:2: cell "big" in column "b" is not a number, as a regression target must be`, 3, 2},
		{"empty label", "a,b\n1,x\n2, \n", "", nn.Classification,
			`d.csv:3:2: empty cell in column "b"`, 3, 2},
		{"ragged short", "a,b,c\n1,2,3\n1,2\n", "", TaskAuto,
			`d.csv:3: ragged row: 2 cells, header has 3`, 3, 0},
		{"ragged long", "a,b\n1,2,3\n", "", TaskAuto,
			`d.csv:2: ragged row: 3 cells, header has 2`, 2, 0},
		{"empty file", "", "", TaskAuto, `d.csv: empty file`, 0, 0},
		{"only blank lines", "\n\r\n\n", "", TaskAuto, `d.csv: empty file`, 0, 0},
		{"bom only", "\uFEFF", "", TaskAuto, `d.csv: empty file`, 0, 0},
		{"header only", "a,b\n", "", TaskAuto, `d.csv: header only, no data rows`, 0, 0},
		{"target missing", "a,b,c\n1,2,3\n", "foo", TaskAuto,
			`d.csv:1: target column "foo" not found (columns: a, b, c)`, 1, 0},
		{"target typo", "x,label\n1,2\n", "lable", TaskAuto,
			`d.csv:1: target column "lable" not found (columns: x, label); did you mean "label"?`, 1, 0},
		{"target missing wide", wide, "y", TaskAuto,
			`d.csv:1: target column "y" not found (columns: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, ... 2 more)`, 1, 0},
		{"duplicate", "x,a, x ,y\n1,2,3,4\n", "", TaskAuto,
			`d.csv:1:3: duplicate column name "x" (also column 1)`, 1, 3},
		{"header after blank line", "\na,,b\n", "", TaskAuto,
			`d.csv:2:2: column 2 has no name`, 2, 2},
		{"single column", "y\n1\n", "", TaskAuto,
			`d.csv:1: no feature columns: the only column is the target "y", which leaves a model no inputs`, 1, 0},
		{"one class", "a,b\n1,x\n2,x\n", "", TaskAuto,
			`d.csv: target column "b" has only one class ("x"); classification needs at least two`, 0, 0},
		{"one numeric class", "a,b\n1,7\n2,7\n", "", nn.Classification,
			`d.csv: target column "b" has only one class ("7"); classification needs at least two`, 0, 0},
		{"bare quote", "a,b\n1,2\n3,4\"x\n", "", TaskAuto,
			`d.csv:3: malformed CSV at byte 4: bare " in non-quoted-field`, 3, 0},
		{"unterminated quote", "a,b\n1,\"2\n3,4\n", "", TaskAuto,
			`d.csv:3: malformed CSV at byte 5: extraneous or missing " in quoted-field (the record starts on line 2)`, 3, 0},
		{"long garbage cell", "a,b\n" + strings.Repeat("z", 100) + ",1\n", "", TaskAuto,
			`d.csv:2:1: cell "` + strings.Repeat("z", 40) + `"... in column "a" is not a number`, 2, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := LoadCSV(strings.NewReader(tc.text), "d.csv", tc.target, tc.task)
			if err == nil {
				t.Fatalf("no error; got %d rows", d.Rows)
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got %s\nwant %s", err, tc.want)
			}
			var ce *CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not a *CSVError", err)
			}
			if ce.File != "d.csv" || ce.Line != tc.line || ce.Column != tc.col {
				t.Errorf("place %s:%d:%d, want d.csv:%d:%d", ce.File, ce.Line, ce.Column, tc.line, tc.col)
			}
		})
	}
}

func TestLoadCSVUnknownTask(t *testing.T) {
	_, err := LoadCSV(strings.NewReader("a,b\n1,2\n"), "d.csv", "", nn.Task(7))
	if err == nil || err.Error() != "datasets: unknown task 7" {
		t.Fatalf("err = %v", err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestLoadCSVReadError(t *testing.T) {
	_, err := LoadCSV(failingReader{}, "d.csv", "", TaskAuto)
	if err == nil || err.Error() != "datasets: reading d.csv: disk on fire" {
		t.Fatalf("err = %v", err)
	}
}

func TestCSVErrorFormat(t *testing.T) {
	tests := []struct {
		e    CSVError
		want string
	}{
		{CSVError{"f.csv", 3, 4, "m", false, false}, "f.csv:3:4: m"},
		{CSVError{"f.csv", 3, 0, "m", false, false}, "f.csv:3: m"},
		{CSVError{"f.csv", 0, 0, "m", false, false}, "f.csv: m"},
		{CSVError{"", 3, 4, "m", false, false}, "3:4: m"},
		{CSVError{"", 0, 0, "m", false, false}, "m"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.e, got, tc.want)
		}
	}
}
