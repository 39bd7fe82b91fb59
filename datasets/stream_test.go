package datasets

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/nn"
)

// unsized hides a reader's Len and Stat, so LoadCSV cannot know its size.
type unsized struct{ r io.Reader }

func (u unsized) Read(p []byte) (int, error) { return u.r.Read(p) }

// labelTable returns a CSV of rows rows: features a, b and a target y whose
// cell in row i (from 0) is label(i).
func labelTable(rows int, label func(i int) string) string {
	var b strings.Builder
	b.WriteString("a,b,y\n")
	for i := range rows {
		fmt.Fprintf(&b, "%d,%d.5,%s\n", i, -i, label(i))
	}
	return b.String()
}

func TestLoadCSVExcelFileWithBOM(t *testing.T) {
	// What Excel writes for "CSV UTF-8": a byte order mark, quoted names,
	// CRLF. The target is the first column, whose name the mark precedes.
	path := filepath.Join(t.TempDir(), "prices.csv")
	text := "\uFEFF\"price\",\"rooms\",\"area\"\r\n250000,3,72.5\r\n180000,2,51\r\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := LoadCSV(f, path, "price", TaskAuto)
	if err != nil {
		t.Fatal(err)
	}
	if d.Target != "price" || !slices.Equal(d.Features, []string{"rooms", "area"}) {
		t.Errorf("columns %q -> %q", d.Features, d.Target)
	}
	if !slices.Equal(d.Y, []float64{250000, 180000}) || !slices.Equal(d.X, []float64{3, 72.5, 2, 51}) {
		t.Errorf("X %v Y %v", d.X, d.Y)
	}
}

func TestLoadCSVSameResultWhateverTheReader(t *testing.T) {
	// 3000 rows: past the point where the row count is estimated.
	text := labelTable(3000, func(i int) string { return strconv.Itoa(i % 7) })
	path := filepath.Join(t.TempDir(), "t.csv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	readers := map[string]io.Reader{
		"file":    f,
		"strings": strings.NewReader(text),
		"unsized": unsized{strings.NewReader(text)},
	}
	var want *nn.Data
	for _, name := range []string{"unsized", "strings", "file"} {
		d, err := LoadCSV(readers[name], "t.csv", "", nn.Classification)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d.Rows != 3000 || len(d.X) != 6000 || len(d.Y) != 3000 || len(d.Classes) != 7 {
			t.Fatalf("%s: %d rows, %d X, %d Y, classes %v", name, d.Rows, len(d.X), len(d.Y), d.Classes)
		}
		// The row count is estimated from the size, so at most an
		// eighth of X is spare room.
		if spare := cap(d.X) - len(d.X); spare > len(d.X)/8 {
			t.Errorf("%s: X has room for %d values beyond its %d", name, spare, len(d.X))
		}
		if want == nil {
			want = d
			continue
		}
		if !slices.Equal(d.X, want.X) || !slices.Equal(d.Y, want.Y) || !slices.Equal(d.Classes, want.Classes) {
			t.Errorf("%s reads differently from unsized", name)
		}
	}
}

func TestLoadCSVMisestimatedRowCounts(t *testing.T) {
	// The row count is estimated from the first 1000 rows. Long rows then
	// short ones make it far too low; short then long, far too high.
	long := "1," + strings.Repeat("1", 200) + "\n"
	for _, shortFirst := range []bool{false, true} {
		var b strings.Builder
		b.WriteString("a,y\n")
		for i := range 10000 {
			if (i < 1000) == shortFirst {
				b.WriteString("1,1\n")
			} else {
				b.WriteString(long)
			}
		}
		d, err := LoadCSV(strings.NewReader(b.String()), "t.csv", "", nn.Regression)
		if err != nil {
			t.Fatal(err)
		}
		if d.Rows != 10000 || len(d.X) != 10000 || len(d.Y) != 10000 {
			t.Fatalf("short first %v: %d rows, %d X, %d Y", shortFirst, d.Rows, len(d.X), len(d.Y))
		}
		if spare := cap(d.X) - len(d.X); spare > len(d.X)/8 {
			t.Errorf("short first %v: X has room for %d values beyond its %d", shortFirst, spare, len(d.X))
		}
	}
}

func TestLoadCSVAllocatesAboutTheTableOnce(t *testing.T) {
	// 20000 x 10 numbers: X is 1.6 MB. Reading row by row into an X sized
	// from the input allocates X once, plus each line's text (garbage at
	// once); holding every row as text, or growing X by appending, would
	// allocate several times X.
	var b strings.Builder
	for j := range 10 {
		fmt.Fprintf(&b, "c%d,", j)
	}
	b.WriteString("y\n")
	for i := range 20000 {
		for j := range 10 {
			fmt.Fprintf(&b, "%d.25,", i*j%1000)
		}
		fmt.Fprintf(&b, "%d\n", i%3)
	}
	text := b.String()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	d, err := LoadCSV(strings.NewReader(text), "t.csv", "", TaskAuto)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	data := uint64(len(d.X)+len(d.Y)) * 8
	allocated := after.TotalAlloc - before.TotalAlloc
	if limit := data*13/10 + uint64(len(text))*13/10 + 1<<20; allocated > limit {
		t.Errorf("loading %d bytes of data from %d of text allocated %d bytes, more than %d", data, len(text), allocated, limit)
	}
}

func TestLoadCSVGuessesClassesAfterNumbers(t *testing.T) {
	// Numbers first, then a word: every label is a class, "NaN" included,
	// and the rows keep their labels.
	d := load(t, "a,y\n1,2\n2,NaN\n3,2\n4,cat\n5,10\n", "", TaskAuto)
	if d.Task != nn.Classification || !slices.Equal(d.Classes, []string{"10", "2", "NaN", "cat"}) {
		t.Fatalf("task %v classes %q", d.Task, d.Classes)
	}
	if want := []float64{1, 2, 1, 3, 0}; !slices.Equal(d.Y, want) {
		t.Errorf("Y = %v, want %v", d.Y, want)
	}
}

func TestLoadCSVManyNumbersThenAWordIsATypo(t *testing.T) {
	n := maxGuessedClasses + 10
	text := labelTable(n, func(i int) string { return fmt.Sprintf("%d.5", i) }) + "1,1,oops\n"
	_, err := LoadCSV(strings.NewReader(text), "t.csv", "", TaskAuto)
	want := fmt.Sprintf(`t.csv:%d:3: cell "oops" in column "y" is not a number (the rows above hold over 65536 distinct numbers, so the column is a regression target)`, n+2)
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	// Asked for, classes are kept however many there are.
	d, err := LoadCSV(strings.NewReader(text), "t.csv", "", nn.Classification)
	if err != nil || len(d.Classes) != n+1 {
		t.Fatalf("classification: %v", err)
	}
	// Fewer distinct numbers, then a word: classes, as before.
	text = labelTable(n, func(i int) string { return strconv.Itoa(i % 5) }) + "1,1,oops\n"
	d, err = LoadCSV(strings.NewReader(text), "t.csv", "", TaskAuto)
	if err != nil || d.Task != nn.Classification || len(d.Classes) != 6 {
		t.Fatalf("few numbers then a word: %v", err)
	}
	if d.Y[n] != 5 || d.Y[7] != 2 {
		t.Errorf("Y[%d] = %v, Y[7] = %v", n, d.Y[n], d.Y[7])
	}
}

func TestLoadCSVErrorsComeInRowOrder(t *testing.T) {
	// A bad regression target on line 2 is found before a bad feature on
	// line 3, whichever the task.
	text := "a,y\n1,x\nz,2\n"
	for _, task := range []nn.Task{nn.Regression} {
		_, err := LoadCSV(strings.NewReader(text), "t.csv", "", task)
		if err == nil || !strings.HasPrefix(err.Error(), "t.csv:2:2: ") {
			t.Errorf("task %v: err = %v", task, err)
		}
	}
	// Guessing, NaN in the target is an error only once the column is
	// known to be numeric, so a bad feature further down is found first.
	_, err := LoadCSV(strings.NewReader("a,y\n1,NaN\nz,2\n"), "t.csv", "", TaskAuto)
	if err == nil || !strings.HasPrefix(err.Error(), "t.csv:3:1: ") {
		t.Errorf("auto: err = %v", err)
	}
}
