package cli_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestBinaryAndHugeInput: validate, run and fmt refuse what is not text
// with one short diagnostic and echo none of it; a file with hundreds of
// mistakes prints the first 25 and counts the rest.
func TestBinaryAndHugeInput(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	binary := make([]byte, 20_000)
	for i := range binary {
		binary[i] = byte(r.UintN(256))
	}
	bin := filepath.Join(dir, "blob.hcl")
	png := filepath.Join(dir, "history.png")
	if err := os.WriteFile(bin, binary, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(png, append([]byte("\x89PNG\r\n\x1a\n"), binary...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"validate", bin}, {"run", png, "--out", t.TempDir()}, {"fmt", bin}, {"fmt", "--check", png}} {
		code, stdout, stderr := nnexp(t, args...)
		if code != 1 || strings.Count(stderr, "Error: Not a text file") != 1 || len(stdout+stderr) > 1000 || !utf8.ValidString(stdout+stderr) {
			t.Errorf("nnexp %q: exit %d, %d bytes of output:\n%.600s", args, code, len(stdout+stderr), stdout+stderr)
		}
	}

	var many strings.Builder
	for i := range 100 {
		fmt.Fprintf(&many, "dataset \"d%d\" { sourc = \"iris\" }\n", i)
	}
	file := filepath.Join(dir, "many.hcl")
	if err := os.WriteFile(file, []byte(many.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := nnexp(t, "validate", file)
	if shown := strings.Count(stderr, "Error: "); code != 1 || shown != 25 || !strings.Contains(stderr, "... and ") {
		t.Errorf("100-mistake file: exit %d, %d diagnostics shown:\n%.2000s", code, shown, stderr)
	}
}
