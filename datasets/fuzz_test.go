package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/nn"
)

func FuzzLoadCSV(f *testing.F) {
	f.Add([]byte("a,b,y\n1,2,3\n4,5,6\n"), "", int8(-1))
	f.Add([]byte("\uFEFFx, y\r\n1, cat\r\n2,dog\r\n"), "y", int8(-1))
	f.Add([]byte("x,y\n1,\"a\nb\"\n2,c\n"), "", int8(1))
	f.Add([]byte("a,a\n1,2\n"), "a", int8(0))
	f.Add([]byte("a,b\n1,2,3\n\"unclosed\n"), "b", int8(1))
	f.Add([]byte("a,b\nNaN,1e999\n"), "", int8(0))
	f.Add([]byte("a,b\n1,2\n2,NaN\n3,x\n"), "", int8(-1))
	f.Add([]byte("y\n1\n"), "y", int8(-1))
	f.Add([]byte("\uFEFF\"p\",q\r\n1,2\r\n"), "p", int8(0))
	f.Fuzz(func(t *testing.T, data []byte, target string, taskCode int8) {
		task := nn.Task(int(taskCode)%3 - 1) // TaskAuto, Regression, Classification
		if taskCode < 0 {
			task = nn.Task(taskCode) // also unknown tasks
		}
		d, err := LoadCSV(bytes.NewReader(data), "f.csv", target, task)
		// A reader whose size LoadCSV cannot see reads the same: the size
		// only lets it allocate X at once.
		u, uerr := LoadCSV(unsized{bytes.NewReader(data)}, "f.csv", target, task)
		if fmt.Sprint(err) != fmt.Sprint(uerr) {
			t.Fatalf("sized reader: %v; unsized: %v", err, uerr)
		}
		if err == nil && (!slices.Equal(d.X, u.X) || !slices.Equal(d.Y, u.Y) || !slices.Equal(d.Classes, u.Classes) || d.Task != u.Task) {
			t.Fatalf("sized and unsized readers give different tables")
		}
		if err != nil {
			var ce *CSVError
			if errors.As(err, &ce) && (ce.Line < 0 || ce.Column < 0 || (ce.Line == 0 && ce.Column != 0)) {
				t.Fatalf("bad place in %v", err)
			}
			_ = err.Error()
			return
		}
		if d.Rows < 1 || d.Inputs < 1 || d.TargetDim != 1 {
			t.Fatalf("shape %d x %d dim %d", d.Rows, d.Inputs, d.TargetDim)
		}
		if len(d.X) != d.Rows*d.Inputs || len(d.Y) != d.Rows*d.TargetDim || len(d.Features) != d.Inputs {
			t.Fatalf("X %d Y %d features %d for %d x %d", len(d.X), len(d.Y), len(d.Features), d.Rows, d.Inputs)
		}
		names := map[string]bool{d.Target: true}
		for _, f := range d.Features {
			if f == "" || names[f] {
				t.Fatalf("feature %q empty or repeated (target %q, features %q)", f, d.Target, d.Features)
			}
			names[f] = true
		}
		if target != "" && d.Target != target {
			t.Fatalf("asked for target %q, got %q", target, d.Target)
		}
		for _, v := range d.X {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite feature %g", v)
			}
		}
		switch d.Task {
		case nn.Classification:
			if len(d.Classes) < 2 {
				t.Fatalf("%d classes", len(d.Classes))
			}
			for _, y := range d.Y {
				if y != math.Trunc(y) || y < 0 || int(y) >= len(d.Classes) {
					t.Fatalf("label %g outside %d classes", y, len(d.Classes))
				}
			}
		case nn.Regression:
			if d.Classes != nil {
				t.Fatalf("regression with classes %v", d.Classes)
			}
			for _, y := range d.Y {
				if math.IsNaN(y) || math.IsInf(y, 0) {
					t.Fatalf("non-finite target %g", y)
				}
			}
		default:
			t.Fatalf("task %d", d.Task)
		}
		if task != TaskAuto && d.Task != task {
			t.Fatalf("asked for %v, got %v", task, d.Task)
		}
	})
}
