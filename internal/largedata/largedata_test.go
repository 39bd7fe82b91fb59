package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"

	_ "github.com/nnexp/nnexp/builtin"
)

func TestWriteCSVIsFixed(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteCSV(&a, 3, 2, 1); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&b, 3, 2, 1); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatalf("two writes differ:\n%s\n%s", a.String(), b.String())
	}
	lines := bytes.Split(bytes.TrimSuffix(a.Bytes(), []byte("\n")), []byte("\n"))
	if len(lines) != 4 || string(lines[0]) != "x1,x2,y" {
		t.Fatalf("table:\n%s", a.String())
	}
	for _, l := range lines[1:] {
		if n := bytes.Count(l, []byte(",")); n != 2 {
			t.Fatalf("row %q has %d commas", l, n)
		}
	}
}

// TestLargeCSV is the large-data measurement: it writes the 1,000,000 x 20
// table (about 220 MB) and loads it. It takes a while and 220 MB of disk,
// so it runs only with NNEXP_LARGE=1:
//
//	NNEXP_LARGE=1 go test ./internal/largedata -run TestLargeCSV -v
//
// internal/largedata/measure.sh also times a whole `nnexp run` on it.
func TestLargeCSV(t *testing.T) {
	if os.Getenv("NNEXP_LARGE") != "1" {
		t.Skip("set NNEXP_LARGE=1 to load a 1,000,000-row CSV")
	}
	dir := t.TempDir()
	if err := generate(dir, defaultRows, defaultFeatures, defaultSeed); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "large.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("large.csv: %d bytes, sha256 %x", n, h.Sum(nil))

	m, err := measureLoad(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", m)
	if m.rows != defaultRows || m.cols != defaultFeatures+1 {
		t.Fatalf("loaded %d x %d", m.rows, m.cols)
	}
	// What stays is the float64 table itself, and at the peak the heap
	// holds it plus the garbage collector's headroom (GOGC=100 lets the
	// heap reach twice what is live): no copy of the rows as text.
	data := uint64(m.dataBytes)
	if m.heapInuse > data*11/10 {
		t.Errorf("after loading, the heap holds %d bytes for %d bytes of data", m.heapInuse, data)
	}
	if m.heapSys > data*5/2 {
		t.Errorf("loading took a heap of %d bytes for %d bytes of data", m.heapSys, data)
	}
	if m.totalAlloc > data*3 {
		t.Errorf("loading allocated %d bytes for %d bytes of data", m.totalAlloc, data)
	}

	// The experiment as a whole is valid: the data loads through the
	// decoder and the plan, and the model fits it.
	exp, diags := dsl.NewLoader().LoadFile(filepath.Join(dir, "large.hcl"), nil)
	if diags.HasErrors() {
		t.Fatal(fmt.Sprint(diags))
	}
	work, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatal(fmt.Sprint(diags))
	}
	if d := work.Runs[0].Dataset.Train; d.Rows != defaultRows || d.Inputs != defaultFeatures {
		t.Fatalf("experiment data %d x %d", d.Rows, d.Inputs)
	}
}
