package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/nn"
)

// idxFile writes an IDX file of unsigned bytes with the given dimensions
// and values (which need not agree, for hostile files), gzip-compressed
// if zip.
func idxFile(t testing.TB, zip bool, dims []uint32, values []byte) []byte {
	t.Helper()
	var raw bytes.Buffer
	raw.Write([]byte{0, 0, 0x08, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&raw, binary.BigEndian, d)
	}
	raw.Write(values)
	if !zip {
		return raw.Bytes()
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	if _, err := zw.Write(raw.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return z.Bytes()
}

// Three 2x2 images and their labels, checked by hand below.
var (
	tinyPixels = []byte{0, 255, 10, 20, 1, 2, 3, 4, 200, 100, 50, 0}
	tinyLabels = []byte{2, 0, 1}
)

func TestLoadIDXPlainAndGzip(t *testing.T) {
	for _, c := range []struct {
		name               string
		zipImages, zipLabs bool
		unsized            bool
	}{
		{"plain", false, false, false},
		{"gzip", true, true, false},
		{"gzip images, plain labels", true, false, false},
		{"plain, size unknown", false, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var images, labels io.Reader = bytes.NewReader(idxFile(t, c.zipImages, []uint32{3, 2, 2}, tinyPixels)), bytes.NewReader(idxFile(t, c.zipLabs, []uint32{3}, tinyLabels))
			if c.unsized {
				images, labels = unsized{images}, unsized{labels}
			}
			d, err := LoadIDX(images, labels, "img", "lab", 0.5)
			if err != nil {
				t.Fatal(err)
			}
			wantX := []float64{0, 127.5, 5, 10, 0.5, 1, 1.5, 2, 100, 50, 25, 0}
			if !slices.Equal(d.X, wantX) {
				t.Errorf("X = %v, want %v", d.X, wantX)
			}
			if !slices.Equal(d.Y, []float64{2, 0, 1}) {
				t.Errorf("Y = %v", d.Y)
			}
			if d.Rows != 3 || d.Inputs != 4 || d.TargetDim != 1 || d.Task != nn.Classification || d.Outputs() != 3 {
				t.Errorf("shape %d x %d, dim %d, task %v, outputs %d", d.Rows, d.Inputs, d.TargetDim, d.Task, d.Outputs())
			}
			if !slices.Equal(d.Classes, []string{"0", "1", "2"}) {
				t.Errorf("classes %q", d.Classes)
			}
			if !slices.Equal(d.Features, []string{"px_0_0", "px_0_1", "px_1_0", "px_1_1"}) || d.Target != "label" {
				t.Errorf("features %q target %q", d.Features, d.Target)
			}
		})
	}
}

// Classes run from 0 to the largest label, so output k is label k even
// when a label in between is absent.
func TestLoadIDXClassesAreLabelValues(t *testing.T) {
	d, err := LoadIDX(bytes.NewReader(idxFile(t, false, []uint32{2, 1}, []byte{7, 8})), bytes.NewReader(idxFile(t, false, []uint32{2}, []byte{3, 0})), "i", "l", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Classes, []string{"0", "1", "2", "3"}) || !slices.Equal(d.Y, []float64{3, 0}) || !slices.Equal(d.X, []float64{7, 8}) {
		t.Fatalf("classes %q, Y %v, X %v", d.Classes, d.Y, d.X)
	}
	if !slices.Equal(d.Features, []string{"px_0"}) {
		t.Fatalf("features %q", d.Features)
	}
}

func TestLoadIDXErrors(t *testing.T) {
	good := func(zip bool) []byte { return idxFile(t, zip, []uint32{3, 2, 2}, tinyPixels) }
	labels := idxFile(t, false, []uint32{3}, tinyLabels)
	huge := idxFile(t, false, []uint32{1 << 31, 1 << 20}, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	for _, c := range []struct {
		name           string
		images, labels []byte
		want           string
	}{
		{"empty", nil, labels, "img: the file ends after 0 bytes of a 4-byte IDX magic number"},
		{"csv text", []byte("a,b,y\n1,2,3\n"), labels, "img: not an IDX file: it starts with bytes 61 2c"},
		{"float32 type", []byte{0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0}, labels, "IDX type code 0x0D (32-bit floats)"},
		{"no dimensions", []byte{0, 0, 8, 0}, labels, "declares 0 dimensions"},
		{"truncated header", []byte{0, 0, 8, 3, 0, 0, 0, 3, 0, 0}, labels, "ends after 6 bytes of a header of 3 dimensions (12 bytes)"},
		{"zero dimension", idxFile(t, false, []uint32{3, 0, 2}, nil), labels, "dimension 2 of 3 is 0 (3 x 0 x 2)"},
		{"truncated values", good(false)[:20], labels, "declares 3 x 2 x 2 = 12 values, but the file holds 4 bytes after it"},
		{"truncated gzip values", idxFile(t, true, []uint32{3, 2, 2}, tinyPixels[:7]), labels, "declares 3 x 2 x 2 = 12 values, but the file ends after 7 of them"},
		{"cut gzip stream", good(true)[:25], labels, "img: "},
		{"trailing bytes", append(good(false), 9), labels, "more bytes than the 3 x 2 x 2 = 12 values"},
		{"huge declared", huge, idxFile(t, false, []uint32{1 << 31}, nil), "img: its header declares 2147483648 images of 1048576 values (2147483648 x 1048576), 2251799813685248 values in all; nnexp reads at most 1000000000"},
		{"more declared than held", idxFile(t, false, []uint32{1000, 1000}, []byte{1, 2, 3, 4, 5, 6, 7, 8}), idxFile(t, false, []uint32{1000}, nil), "declares 1000 x 1000 = 1000000 values, but the file holds 8 bytes"},
		{"corrupt gzip stream", corruptGzip(t), idxFile(t, false, []uint32{20000}, bytes.Repeat([]byte{0, 1}, 10000)), "img: corrupt gzip data after "},
		{"bytes after the gzip stream", append(good(true), []byte("garbage")...), labels, "img: the file holds the 3 x 2 x 2 = 12 values its header declares, but its gzip data then ends early or is followed by bytes that are not gzip"},
		{"gzip trailer cut", good(true)[:len(good(true))-3], labels, "img: the file holds the 3 x 2 x 2 = 12 values its header declares, but its gzip data then ends early"},
		{"overflowing dimensions", idxFile(t, false, []uint32{1 << 31, 1 << 31, 1 << 31}, nil), labels, "the declared dimensions 2147483648 x 2147483648 x 2147483648 hold more values than any file can"},
		{"count mismatch", good(false), idxFile(t, false, []uint32{2}, tinyLabels[:2]), "lab: it holds 2 labels, but img holds 3 images (3 x 2 x 2)"},
		{"labels as images", good(false), good(false), "lab: its header declares 3 x 2 x 2, a file of images"},
		{"images as labels", labels, labels, "img: its header declares one dimension (3)"},
		{"huge images", idxFile(t, true, []uint32{1, 1 << 11, 1 << 10}, make([]byte, 1<<21)), idxFile(t, false, []uint32{1}, []byte{1}), "img: its header declares images of 2097152 values each (1 x 2048 x 1024); nnexp reads at most 1048576"},
		{"single class", good(false), idxFile(t, false, []uint32{3}, []byte{0, 0, 0}), "every label is 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := LoadIDX(bytes.NewReader(c.images), bytes.NewReader(c.labels), "img", "lab", 1)
			if err == nil {
				t.Fatalf("loaded %d rows, want an error", d.Rows)
			}
			if !strings.HasPrefix(err.Error(), "datasets: ") || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q, want it to contain %q", err, c.want)
			}
		})
	}
}

// A gzip file that declares 2^20 x 900 values (under MaxIDXValues) and holds 8 must fail
// without allocating anything near the declared size: the reader grows
// its buffer with the data, not with the header.
func TestLoadIDXHugeGzipAllocatesLittle(t *testing.T) {
	images := idxFile(t, true, []uint32{1 << 20, 900}, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	labels := idxFile(t, true, []uint32{1 << 20}, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := LoadIDX(bytes.NewReader(images), bytes.NewReader(labels), "img", "lab", 1)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "img: the header declares 1048576 x 900 = 943718400 values, but the file ends after 8 of them") {
		t.Fatalf("error %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
		t.Fatalf("allocated %d bytes for an 8-byte payload", got)
	}
}

// ReadIDXHeader reads the header and little after it: validate's cost
// does not grow with the file. A file of 60,000 x 28 x 28 values (47 MB,
// and 47 KB gzip-compressed, being zeros) is read no further than the
// 64 KiB buffer that finds the gzip magic.
func TestReadIDXHeaderReadsOnlyTheHeader(t *testing.T) {
	for _, zip := range []bool{false, true} {
		file := idxFile(t, zip, []uint32{60000, 28, 28}, make([]byte, 60000*28*28))
		r := &countingReader{r: bytes.NewReader(file)}
		h, err := ReadIDXHeader(r, "f")
		if err != nil {
			t.Fatal(err)
		}
		if h.Gzip != zip || h.Count() != 60000 || h.ItemSize() != 784 || h.Shape() != "60000 x 28 x 28" {
			t.Fatalf("header %+v (count %d, item %d, %s)", h, h.Count(), h.ItemSize(), h.Shape())
		}
		if r.n > 64<<10 {
			t.Fatalf("gzip %v: read %d bytes of %d for the header", zip, r.n, len(file))
		}
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestCheckIDXPair(t *testing.T) {
	img := &IDXHeader{Dims: []int{5, 28, 28}}
	if err := CheckIDXPair(img, &IDXHeader{Dims: []int{5}}, "i", "l"); err != nil {
		t.Fatal(err)
	}
	err := CheckIDXPair(img, &IDXHeader{Dims: []int{4}}, "i", "l")
	var ie *IDXError
	if !errors.As(err, &ie) || ie.File != "l" {
		t.Fatalf("error %v should be an *IDXError naming the labels file", err)
	}
}

// corruptGzip is a gzip file of an IDX header and 20,000 values whose
// compressed stream is damaged in its middle, its gzip header intact.
func corruptGzip(t testing.TB) []byte {
	t.Helper()
	values := make([]byte, 20000)
	for i := range values {
		values[i] = byte(i*7919 + i/13)
	}
	z := idxFile(t, true, []uint32{20000, 1}, values)
	for i := len(z) / 2; i < len(z)/2+50; i++ {
		z[i] ^= 0x5a
	}
	return z
}

// A test set's labels may all be one class (the training set's are the
// model's); a training set's may not. Its scale may not make a pixel
// infinite.
func TestLoadIDXTestTakesOneClass(t *testing.T) {
	images := idxFile(t, false, []uint32{2, 1, 2}, []byte{1, 2, 3, 4})
	labels := idxFile(t, false, []uint32{2}, []byte{0, 0})
	if _, err := LoadIDX(bytes.NewReader(images), bytes.NewReader(labels), "img", "lab", 1); err == nil || !strings.Contains(err.Error(), "every label is 0") {
		t.Fatalf("training set of one class: error %v", err)
	}
	d, err := LoadIDXTest(bytes.NewReader(images), bytes.NewReader(labels), "img", "lab", 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.X, []float64{0.5, 1, 1.5, 2}) || !slices.Equal(d.Y, []float64{0, 0}) || len(d.Classes) != 1 {
		t.Fatalf("X %v, Y %v, classes %v", d.X, d.Y, d.Classes)
	}
	_, err = LoadIDXTest(bytes.NewReader(images), bytes.NewReader(labels), "img", "lab", 1e307)
	if err == nil || err.Error() != "datasets: scale 1e+307 makes a pixel byte of 255 infinite" {
		t.Fatalf("scale 1e307: error %v", err)
	}
}
