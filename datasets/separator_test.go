package datasets

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestSeparatorsAndEncodings: a semicolon- or tab-separated export used to
// fail with "no feature columns" and a UTF-16 one as "header only"; the
// first line's separator is now taken when it has no comma, and UTF-16 is
// named as such.
func TestSeparatorsAndEncodings(t *testing.T) {
	for _, c := range []struct {
		name, text string
		columns    []string
	}{
		{"semicolons", "a;b;y\n1;2,5;3\n4;5;6\n", nil},
		{"tabs", "a\tb\ty\n1\t2\t3\n4\t5\t6\n", nil},
		{"quoted comma in a semicolon header", "\"a,1\";b;y\n1;2;3\n4;5;6\n", []string{"a,1", "b", "y"}},
		{"commas win", "a,b;c,y\n1,2,3\n4,5,6\n", []string{"a", "b;c", "y"}},
		{"blank lines before a semicolon header", "\n\r\nx;z;y\n1;2;3\n", []string{"x", "z", "y"}},
	} {
		h, err := ReadCSVHeader(strings.NewReader(c.text), "t.csv", "")
		if err != nil || h.Features() != 2 || (c.columns != nil && !slices.Equal(h.Columns, c.columns)) {
			t.Errorf("%s: header %+v, %v", c.name, h, err)
		}
	}
	d, err := LoadCSV(strings.NewReader("a;b;y\n1;2;3\n4;5;6\n"), "t.csv", "", TaskAuto)
	if err != nil || d.Inputs != 2 || !slices.Equal(d.X, []float64{1, 2, 4, 5}) || !slices.Equal(d.Y, []float64{3, 6}) {
		t.Errorf("semicolon table: %+v, %v", d, err)
	}
	// "a,y\n1,2\n" in UTF-16LE with its byte order mark.
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "a,y\n1,2\n" {
		utf16 = append(utf16, byte(r), 0)
	}
	for _, read := range []func() error{
		func() error { _, err := LoadCSV(strings.NewReader(string(utf16)), "t.csv", "", TaskAuto); return err },
		func() error { _, err := ReadCSVHeader(strings.NewReader(string(utf16)), "t.csv", ""); return err },
	} {
		err := read()
		var ce *CSVError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), "not UTF-8 text (it looks like UTF-16") {
			t.Errorf("UTF-16 file: %v", err)
		}
	}
}
