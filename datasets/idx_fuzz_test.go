package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/nn"
)

// FuzzLoadIDX feeds hostile pairs of files to LoadIDX and ReadIDXHeader:
// every outcome is a table of the declared shape or an error prefixed
// "datasets:", never a panic, and (the reader growing its buffers with the
// data, not with the header) never an allocation the size of a declared
// but absent payload, which would exhaust memory here. Every error is the
// data's *IDXError, and a problem the headers show (what validate checks)
// is the one loading reports.
func FuzzLoadIDX(f *testing.F) {
	add := func(images, labels []byte) { f.Add(images, labels) }
	add(idxFile(f, false, []uint32{3, 2, 2}, tinyPixels), idxFile(f, false, []uint32{3}, tinyLabels))
	add(idxFile(f, true, []uint32{3, 2, 2}, tinyPixels), idxFile(f, true, []uint32{3}, tinyLabels))
	add(idxFile(f, false, []uint32{1 << 31, 1 << 31}, []byte{1, 2, 3, 4}), idxFile(f, false, []uint32{1 << 31}, nil))
	add(idxFile(f, true, []uint32{1 << 30, 1 << 20}, []byte{1, 2, 3, 4}), idxFile(f, true, []uint32{1 << 30}, []byte{1}))
	add(idxFile(f, false, []uint32{2, 1}, []byte{5}), idxFile(f, false, []uint32{2}, []byte{0, 1, 2}))
	add([]byte{0, 0, 0x0D, 1, 0, 0, 0, 1}, []byte{0x1f, 0x8b, 8, 0})
	add([]byte{0, 0, 8, 255}, []byte{0, 0, 8, 1, 0, 0, 0, 2, 0, 1})
	add(corruptGzip(f), idxFile(f, false, []uint32{20000}, bytes.Repeat([]byte{0, 1}, 10000)))
	add(append(idxFile(f, true, []uint32{3, 2, 2}, tinyPixels), "garbage"...), idxFile(f, false, []uint32{3}, tinyLabels))
	f.Fuzz(func(t *testing.T, images, labels []byte) {
		check := func(err error) {
			t.Helper()
			if err == nil {
				return
			}
			if !strings.HasPrefix(err.Error(), "datasets: ") {
				t.Fatalf("error without the package prefix: %v", err)
			}
			// In-memory files never fail to read: every error is the
			// data's, an *IDXError that names its file.
			ie, ok := errors.AsType[*IDXError](err)
			if !ok {
				t.Fatalf("not an *IDXError: %v", err)
			}
			if ie.File != "img" && ie.File != "lab" {
				t.Fatalf("error names file %q", ie.File)
			}
		}
		h, herr := ReadIDXHeader(bytes.NewReader(images), "img")
		check(herr)
		// What validate checks from the headers alone: when it finds a
		// problem, loading finds the same one.
		lh, lerr := ReadIDXHeader(bytes.NewReader(labels), "lab")
		check(lerr)
		pairErr := herr
		if pairErr == nil {
			pairErr = lerr
		}
		if pairErr == nil {
			pairErr = CheckIDXPair(h, lh, "img", "lab")
			check(pairErr)
		}
		d, err := LoadIDX(bytes.NewReader(images), bytes.NewReader(labels), "img", "lab", 1.0/255)
		check(err)
		// A reader whose size LoadIDX cannot see (a pipe, gzip's output)
		// reads the same, only less eagerly.
		u, uerr := LoadIDX(unsized{bytes.NewReader(images)}, unsized{bytes.NewReader(labels)}, "img", "lab", 1.0/255)
		if fmt.Sprint(err) != fmt.Sprint(uerr) && !strings.Contains(fmt.Sprint(err), "bytes after it") {
			t.Fatalf("sized reader: %v; unsized: %v", err, uerr)
		}
		if (err == nil) != (uerr == nil) {
			t.Fatalf("sized reader: %v; unsized: %v", err, uerr)
		}
		if pairErr != nil && fmt.Sprint(err) != fmt.Sprint(pairErr) {
			t.Fatalf("the headers' check says %v; loading says %v", pairErr, err)
		}
		if err != nil {
			return
		}
		if !slices.Equal(d.X, u.X) || !slices.Equal(d.Y, u.Y) {
			t.Fatalf("sized and unsized readers give different tables")
		}
		if d.Rows != h.Count() || d.Inputs != h.ItemSize() || len(d.X) != d.Rows*d.Inputs || len(d.Y) != d.Rows || len(d.Features) != d.Inputs {
			t.Fatalf("table %d x %d (X %d, Y %d) from header %s", d.Rows, d.Inputs, len(d.X), len(d.Y), h.Shape())
		}
		if d.Task != nn.Classification || len(d.Classes) < 2 || len(d.Classes) > 256 {
			t.Fatalf("task %v with %d classes", d.Task, len(d.Classes))
		}
		for _, y := range d.Y {
			if y != math.Trunc(y) || y < 0 || int(y) >= len(d.Classes) {
				t.Fatalf("label %g outside %d classes", y, len(d.Classes))
			}
		}
		for _, x := range d.X {
			if !(x >= 0 && x <= 1) {
				t.Fatalf("pixel %g outside [0, 1] at scale 1/255", x)
			}
		}
	})
}
