package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFlagsAsDocumented: help writes flags with two dashes, as the README
// and users do, and "--" ends the flags: what follows is an argument even
// when it looks like a flag.
func TestFlagsAsDocumented(t *testing.T) {
	_, stdout, stderr := nnexp(t, "run", "--help")
	help := stdout + stderr
	if !strings.Contains(help, "\n  --force\n") || strings.Contains(help, "\n  -force") {
		t.Errorf("run --help does not write --force:\n%s", help)
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "-odd.hcl")
	if err := os.WriteFile(file, []byte("experiment \"x\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	code, stdout, stderr := nnexp(t, "validate", "--", "-odd.hcl", "--json")
	if code != 2 || !strings.Contains(stderr, "want exactly one experiment FILE, got 2 arguments") || strings.Contains(stdout, "format_version") {
		t.Errorf("validate -- -odd.hcl --json: exit %d, --json taken as a flag after --?\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	code, _, stderr = nnexp(t, "validate", "--", "-odd.hcl")
	if code != 1 || !strings.Contains(stderr, "-odd.hcl") {
		t.Errorf("validate -- -odd.hcl: exit %d, want the file checked (it has no runs)\nstderr: %s", code, stderr)
	}
}
