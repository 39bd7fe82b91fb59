package dsl

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestBinaryInputIsOneDiagnostic: a file that is not UTF-8 text is refused
// with one diagnostic naming the first bad byte's place, before the parser
// can answer it with thousands; text with non-ASCII letters is not.
func TestBinaryInputIsOneDiagnostic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	binary := make([]byte, 20_000)
	for i := range binary {
		binary[i] = byte(r.UintN(256))
	}
	binary[0], binary[1] = 'a', '\n' // the first bad byte is not at the start
	cases := []struct {
		name string
		src  []byte
		want string
	}{
		{"random bytes", binary, "x.hcl is not UTF-8 text: byte "},
		{"NUL", []byte("experiment \"x\" {}\n  a\x00"), "byte 21 (line 2, column 4) is a NUL byte"},
		{"latin-1", []byte("# caf\xe9\n"), "byte 5 (line 1, column 6) is a byte that is not UTF-8"},
		{"UTF-16", []byte("\xff\xfee\x00x\x00"), "It looks like UTF-16; save it as UTF-8."},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "It is a PNG image; an experiment file ends in .hcl."},
	}
	for _, c := range cases {
		_, diags := NewLoader().Load("x.hcl", c.src, nil)
		if len(diags) != 1 || diags[0].Summary != "Not a text file" || !strings.Contains(diags[0].Detail, c.want) {
			t.Errorf("%s: %d diagnostics, first %v; want one \"Not a text file\" saying %q", c.name, len(diags), diags[:min(1, len(diags))], c.want)
		}
	}
	if diags := CheckText("x.hcl", []byte("# café, naïve, 日本\n")); diags.HasErrors() {
		t.Errorf("UTF-8 text refused: %v", diags)
	}
}
