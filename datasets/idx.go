package datasets

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/nnexp/nnexp/nn"
)

// IDX is the format of MNIST and Fashion-MNIST: a 4-byte magic number
// (two zero bytes, a type code, the number of dimensions), each dimension
// as a big-endian uint32, then the values, last dimension fastest. nnexp
// reads type 0x08, unsigned bytes, the one those data sets use. A file
// may be gzip-compressed; that is told by its first two bytes, not by its
// name, since files get renamed and decompressed by hand.

// IDXError is a problem with an IDX file: its header, its length, or its
// agreement with the other file of the pair.
type IDXError struct {
	File string
	Msg  string
}

func (e *IDXError) Error() string { return "datasets: " + e.File + ": " + e.Msg }

// IDXHeader is what an IDX file's header says.
type IDXHeader struct {
	// Dims are the declared dimensions; Dims[0] counts the items (images
	// or labels), the others are the shape of one item.
	Dims []int
	// Gzip is true when the file is gzip-compressed.
	Gzip bool
}

// Count is the number of items the header declares.
func (h *IDXHeader) Count() int { return h.Dims[0] }

// ItemSize is the number of values in one item: the product of the
// dimensions after the first, 1 for a file of labels.
func (h *IDXHeader) ItemSize() int {
	n := 1
	for _, d := range h.Dims[1:] {
		n *= d
	}
	return n
}

// Shape writes the dimensions as "60000 x 28 x 28".
func (h *IDXHeader) Shape() string {
	parts := make([]string, len(h.Dims))
	for i, d := range h.Dims {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, " x ")
}

// idxTypes names the type codes of the IDX format, for the message that
// refuses all but unsigned bytes.
var idxTypes = map[byte]string{0x09: "signed bytes", 0x0B: "16-bit integers", 0x0C: "32-bit integers", 0x0D: "32-bit floats", 0x0E: "64-bit floats"}

// maxIDXValues bounds the declared number of values, so that no product of
// dimensions overflows an int, even times the 8 bytes of a float64. The
// values must still be in the file before anything that size is allocated.
const maxIDXValues = math.MaxInt / 8

// idxReader is an IDX file past its header: r yields the values, and size
// is how many bytes of them the file holds when that is known without
// reading (a plain file), -1 otherwise.
type idxReader struct {
	name string
	r    io.Reader
	size int64
	h    *IDXHeader
}

// openIDX reads the header of the IDX file in r, decompressing it if it
// starts with gzip's magic bytes.
func openIDX(r io.Reader, name string) (*idxReader, error) {
	size := int64(-1)
	if n := sizeOf(r); n > 0 {
		size = n
	}
	br := bufio.NewReaderSize(r, 64<<10)
	ir := &idxReader{name: name, r: br, h: &IDXHeader{}, size: -1}
	if head, _ := br.Peek(2); bytes.Equal(head, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, ir.errorf("not a readable gzip file: %v", err)
		}
		ir.r, ir.h.Gzip, size = zr, true, -1
	}
	var magic [4]byte
	if n, err := io.ReadFull(ir.r, magic[:]); err != nil {
		return nil, ir.readErr(err, "a 4-byte IDX magic number", n)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, ir.errorf("not an IDX file: it starts with bytes % x, and an IDX file starts with 00 00", magic[:2])
	}
	if magic[2] != 0x08 {
		what := idxTypes[magic[2]]
		if what == "" {
			what = "an unknown type"
		}
		return nil, ir.errorf("IDX type code 0x%02X (%s); nnexp reads unsigned bytes (0x08), the type of MNIST and Fashion-MNIST", magic[2], what)
	}
	ndims := int(magic[3])
	if ndims == 0 {
		return nil, ir.errorf("the IDX header declares 0 dimensions; it needs at least one (the item count)")
	}
	raw := make([]byte, 4*ndims)
	if n, err := io.ReadFull(ir.r, raw); err != nil {
		return nil, ir.readErr(err, fmt.Sprintf("a header of %d dimensions (%d bytes)", ndims, 4*ndims), n)
	}
	total := 1
	for i := range ndims {
		d := int(binary.BigEndian.Uint32(raw[4*i:]))
		ir.h.Dims = append(ir.h.Dims, d)
		if d == 0 {
			return nil, ir.errorf("dimension %d of %d is 0 (%s); the file holds no values", i+1, ndims, shapeOf(raw, ndims))
		}
		if total > maxIDXValues/d {
			return nil, ir.errorf("the declared dimensions %s hold more values than any file can", shapeOf(raw, ndims))
		}
		total *= d
	}
	if size >= 0 {
		ir.size = size - int64(4+4*ndims)
	}
	return ir, nil
}

// shapeOf writes the ndims dimensions in raw, for a message about a
// header that is refused before all are read.
func shapeOf(raw []byte, ndims int) string {
	h := &IDXHeader{}
	for i := range ndims {
		h.Dims = append(h.Dims, int(binary.BigEndian.Uint32(raw[4*i:])))
	}
	return h.Shape()
}

func (ir *idxReader) errorf(format string, args ...any) error {
	return &IDXError{File: ir.name, Msg: fmt.Sprintf(format, args...)}
}

// readErr explains a read that ended after n bytes of what it wanted.
func (ir *idxReader) readErr(err error, wanted string, n int) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return ir.errorf("the file ends after %d bytes of %s (truncated?)", n, wanted)
	}
	if _, ok := errors.AsType[flate.CorruptInputError](err); ok || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		return ir.errorf("corrupt gzip data after %d bytes of %s: %v", n, wanted, err)
	}
	return readError(ir.name, err)
}

// readValues reads the file's values, exactly as many as the header
// declares, and checks that nothing follows them. The buffer grows with
// what the file actually holds, never ahead of it to a declared size: a
// 20-byte gzip file that declares 2^31 x 2^20 values allocates nothing
// large.
// When the size is known beforehand (a plain file), the buffer is
// allocated once.
func (ir *idxReader) readValues() ([]byte, error) {
	want := ir.h.Count() * ir.h.ItemSize()
	if ir.size >= 0 && int64(want) > ir.size {
		return nil, ir.errorf("the header declares %s, but the file holds %d bytes after it (truncated, or the wrong header?)", ir.declared(), ir.size)
	}
	first := min(want, 1<<20)
	if ir.size >= 0 {
		first = want
	}
	buf := make([]byte, 0, first)
	for len(buf) < want {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(want, 2*cap(buf)))
			copy(grown, buf)
			buf = grown
		}
		n, err := ir.r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil && len(buf) < want {
			if errors.Is(err, io.EOF) {
				return nil, ir.errorf("the header declares %s, but the file ends after %d of them (truncated?)", ir.declared(), len(buf))
			}
			return nil, ir.readErr(err, "the values", len(buf))
		}
	}
	// One more read reaches the end, where gzip checks its checksum.
	var extra [1]byte
	n, err := io.ReadFull(ir.r, extra[:])
	switch {
	case n > 0:
		return nil, ir.errorf("the file holds more bytes than the %s its header declares (the wrong header?)", ir.declared())
	case err != nil && ir.h.Gzip && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrHeader)):
		// Past the last value, gzip wants its 8-byte trailer, then the
		// end of the file or another gzip stream.
		return nil, ir.errorf("the file holds the %s its header declares, but its gzip data then ends early or is followed by bytes that are not gzip (truncated, or something appended?)", ir.declared())
	case err != nil && !errors.Is(err, io.EOF):
		return nil, ir.readErr(err, "the end of the file", 0)
	}
	return buf, nil
}

// declared writes how many values the header declares: "3 x 2 x 2 = 12
// values", or "12 values" for one dimension.
func (ir *idxReader) declared() string {
	n := ir.h.Count() * ir.h.ItemSize()
	if len(ir.h.Dims) == 1 {
		return fmt.Sprintf("%d values", n)
	}
	return fmt.Sprintf("%s = %d values", ir.h.Shape(), n)
}

// ReadIDXHeader reads only the header of an IDX file (gzip-compressed or
// not), so that checking an experiment costs the same however large the
// file is. name is used in errors, which are *IDXError for a problem in
// the file.
func ReadIDXHeader(r io.Reader, name string) (*IDXHeader, error) {
	ir, err := openIDX(r, name)
	if err != nil {
		return nil, err
	}
	return ir.h, nil
}

// MaxIDXItemSize bounds the values of one image, 1024 x 1024: each is a
// feature with a name, and a model input, and a file of a few huge
// images would cost far more in names and weights than in pixels.
const MaxIDXItemSize = 1 << 20

// MaxIDXValues bounds the values of an images file (images x values
// each): the table takes 8 bytes a value, and a search caches at least as
// many activations, which nnexp bounds by the same number.
const MaxIDXValues = 1_000_000_000

// CheckIDXPair checks what the headers of an images file and a labels
// file say of them as a pair (see LoadIDX), without reading their values.
// Errors name the labels file when the pair disagrees.
func CheckIDXPair(images, labels *IDXHeader, imagesName, labelsName string) error {
	switch {
	case len(images.Dims) < 2:
		return &IDXError{File: imagesName, Msg: fmt.Sprintf("its header declares one dimension (%s), which is a file of labels; images need at least two (count x pixels)", images.Shape())}
	case images.ItemSize() > MaxIDXItemSize:
		return &IDXError{File: imagesName, Msg: fmt.Sprintf("its header declares images of %d values each (%s); nnexp reads at most %d (1024 x 1024) per image", images.ItemSize(), images.Shape(), MaxIDXItemSize)}
	case images.Count() > MaxIDXValues/images.ItemSize():
		return &IDXError{File: imagesName, Msg: fmt.Sprintf("its header declares %d images of %d values (%s), %d values in all; nnexp reads at most %d", images.Count(), images.ItemSize(), images.Shape(), images.Count()*images.ItemSize(), MaxIDXValues)}
	case len(labels.Dims) != 1:
		return &IDXError{File: labelsName, Msg: fmt.Sprintf("its header declares %s, a file of images or tables; labels have one dimension (their count)", labels.Shape())}
	case labels.Count() != images.Count():
		return &IDXError{File: labelsName, Msg: fmt.Sprintf("it holds %d labels, but %s holds %d images (%s); each image needs one label", labels.Count(), imagesName, images.Count(), images.Shape())}
	}
	return nil
}

// LoadIDX reads an images file and a labels file in the IDX format
// (MNIST's, gzip-compressed or not) into a classification table: one row
// per image, its pixels in file order as features, each multiplied by
// scale (1/255 maps bytes to [0, 1]), and its label as the class.
// Classes are named "0" to the largest label, so that output k scores
// label k whatever labels a file happens to hold.
//
// Each file's values are read into a byte buffer that grows only as the
// data arrives, and the float64 table is allocated once they are all
// there: a header that declares more than the file holds is an error
// before any large allocation, and peak memory is the table plus one
// eighth of it.
func LoadIDX(images, labels io.Reader, imagesName, labelsName string, scale float64) (*nn.Data, error) {
	return loadIDX(images, labels, imagesName, labelsName, scale, 2)
}

// PixelScaleOverflows reports whether scale makes an IDX pixel byte (at
// most 255) infinite, which LoadIDX refuses and the decoder reports at
// the dataset's scale.
func PixelScaleOverflows(scale float64) bool { return math.IsInf(255*scale, 0) }

// LoadIDXTest is LoadIDX for a test set, whose labels may all be one
// class: the training set's classes are the model's (MatchTest).
func LoadIDXTest(images, labels io.Reader, imagesName, labelsName string, scale float64) (*nn.Data, error) {
	return loadIDX(images, labels, imagesName, labelsName, scale, 1)
}

// loadIDX is LoadIDX, with the labels of at least minClasses classes.
func loadIDX(images, labels io.Reader, imagesName, labelsName string, scale float64, minClasses int) (*nn.Data, error) {
	if math.IsNaN(scale) || math.IsInf(scale, 0) || scale == 0 {
		return nil, fmt.Errorf("datasets: scale %g is not a finite nonzero number", scale)
	}
	if PixelScaleOverflows(scale) {
		return nil, fmt.Errorf("datasets: scale %g makes a pixel byte of 255 infinite", scale)
	}
	ir, err := openIDX(images, imagesName)
	if err != nil {
		return nil, err
	}
	lr, err := openIDX(labels, labelsName)
	if err != nil {
		return nil, err
	}
	if err := CheckIDXPair(ir.h, lr.h, imagesName, labelsName); err != nil {
		return nil, err
	}
	pixels, err := ir.readValues()
	if err != nil {
		return nil, err
	}
	ys, err := lr.readValues()
	if err != nil {
		return nil, err
	}
	classes := 0
	y := make([]float64, len(ys))
	for i, b := range ys {
		y[i] = float64(b)
		classes = max(classes, int(b)+1)
	}
	if classes < minClasses {
		return nil, lr.errorf("every label is 0; classification needs at least two classes")
	}
	// A table of the 256 possible values gives each pixel with one load
	// and exactly the float64 product byte*scale.
	var table [256]float64
	for b := range table {
		table[b] = float64(b) * scale
	}
	x := make([]float64, len(pixels))
	for i, b := range pixels {
		x[i] = table[b]
	}
	inputs := ir.h.ItemSize()
	d := &nn.Data{
		X:         x,
		Y:         y,
		Rows:      ir.h.Count(),
		Inputs:    inputs,
		TargetDim: 1,
		Task:      nn.Classification,
		Classes:   make([]string, classes),
		Features:  idxFeatureNames(ir.h.Dims[1:]),
		Target:    "label",
	}
	for k := range d.Classes {
		d.Classes[k] = strconv.Itoa(k)
	}
	return d, nil
}

// idxFeatureNames names each value of an item by its indices from 0:
// "px_3_17" is row 3, column 17 of a 2-D image.
func idxFeatureNames(shape []int) []string {
	n := 1
	for _, d := range shape {
		n *= d
	}
	names := make([]string, n)
	idx := make([]int, len(shape))
	var b strings.Builder
	for i := range names {
		b.Reset()
		b.WriteString("px")
		for _, v := range idx {
			b.WriteByte('_')
			b.WriteString(strconv.Itoa(v))
		}
		names[i] = b.String()
		for k := len(idx) - 1; k >= 0; k-- {
			if idx[k]++; idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return names
}
