package datasets

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// pastHeader fails the test if the header reader asks it for bytes.
type pastHeader struct{ t *testing.T }

func (f pastHeader) Read([]byte) (int, error) {
	f.t.Error("ReadCSVHeader read past the header row")
	return 0, errors.New("past the header")
}

func TestReadCSVHeaderStopsAtTheHeader(t *testing.T) {
	r := io.MultiReader(strings.NewReader("\uFEFFa, y ,b\r\n"), pastHeader{t})
	h, err := ReadCSVHeader(r, "t.csv", "y")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(h.Columns, []string{"a", "y", "b"}) || h.Target != 1 || h.Features() != 2 {
		t.Errorf("header %+v", h)
	}
}

// The header's mistakes read the same whether the whole table is loaded
// or only its header, so validate and run report them alike.
func TestReadCSVHeaderErrorsMatchLoadCSV(t *testing.T) {
	for _, c := range []struct{ text, target string }{
		{"", ""},
		{"a,a,y\n1,2,3\n", ""},
		{"a,,y\n1,2,3\n", ""},
		{"a,b,y\n1,2,3\n", "z"},
		{"y\n1\n", ""},
		{"a,\"b\n", ""},
	} {
		_, want := LoadCSV(strings.NewReader(c.text), "t.csv", c.target, TaskAuto)
		_, got := ReadCSVHeader(strings.NewReader(c.text), "t.csv", c.target)
		if want == nil || got == nil || got.Error() != want.Error() {
			t.Errorf("%q: ReadCSVHeader says %v, LoadCSV %v", c.text, got, want)
		}
		var a, b *CSVError
		if errors.As(want, &a) != errors.As(got, &b) || (a != nil && *a != *b) {
			t.Errorf("%q: errors %#v and %#v differ", c.text, got, want)
		}
	}
}

// A one-column header whose target is named wrongly reports the name
// (not "no feature columns") and keeps the separator hint.
func TestOneColumnWrongTargetKeepsSeparatorHint(t *testing.T) {
	_, err := ReadCSVHeader(strings.NewReader("a|b|y\n1|2|3\n"), "pipe.csv", "y")
	if err == nil || !strings.Contains(err.Error(), `target column "y" not found`) || !strings.Contains(err.Error(), `the header holds "|"`) {
		t.Errorf("error %v, want the missing target and the separator hint", err)
	}
}
