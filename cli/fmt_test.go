package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/cli"
)

const unformatted = `experiment "x" {
seed = 1
    repeats=2
}

model "m" {
  hidden = [5,4]
  init {
  weights = [-1, 1]
  }
}
`

// Written by hand: what terraform fmt makes of unformatted.
const formatted = `experiment "x" {
  seed    = 1
  repeats = 2
}

model "m" {
  hidden = [5, 4]
  init {
    weights = [-1, 1]
  }
}
`

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fileText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFmtRewritesInPlace(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.hcl")
	good := filepath.Join(dir, "good.hcl")
	other := filepath.Join(dir, "notes.txt")
	writeFile(t, bad, unformatted)
	writeFile(t, good, formatted)
	writeFile(t, other, unformatted)

	code, stdout, stderr := nnexp(t, "fmt", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if stdout != bad+"\n" {
		t.Errorf("stdout %q, want only the changed file %q", stdout, bad)
	}
	if got := fileText(t, bad); got != formatted {
		t.Errorf("rewritten file:\n%s\nwant:\n%s", got, formatted)
	}
	if got := fileText(t, other); got != unformatted {
		t.Errorf("a folder's non-.hcl file was changed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("the folder holds %d files, want 3 (a temporary left behind?)", len(entries))
	}

	// A file named on the command line is formatted whatever its name.
	if code, stdout, _ := nnexp(t, "fmt", other); code != 0 || stdout != other+"\n" || fileText(t, other) != formatted {
		t.Errorf("fmt FILE: exit %d, stdout %q", code, stdout)
	}
}

// A link named on the command line is formatted through: its target
// changes and the link stays a link.
func TestFmtFollowsASymbolicLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.hcl")
	link := filepath.Join(dir, "link.hcl")
	writeFile(t, target, unformatted)
	if err := os.Symlink("target.hcl", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if code, stdout, stderr := nnexp(t, "fmt", link); code != 0 || stdout != link+"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file (%v)", err)
	}
	if got := fileText(t, target); got != formatted {
		t.Errorf("target:\n%s\nwant:\n%s", got, formatted)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the folder holds %d files, want 2 (a temporary left behind?)", len(entries))
	}
}

func TestFmtDefaultsToTheCurrentFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.hcl"), unformatted)
	t.Chdir(dir)
	if code, stdout, stderr := nnexp(t, "fmt"); code != 0 || stdout != "a.hcl\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if fileText(t, "a.hcl") != formatted {
		t.Errorf("a.hcl not formatted")
	}
}

func TestFmtCheck(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.hcl")
	writeFile(t, bad, unformatted)
	writeFile(t, filepath.Join(dir, "good.hcl"), formatted)

	code, stdout, _ := nnexp(t, "fmt", "--check", dir)
	if code != 3 || cli.ExitUnformatted != 3 {
		t.Errorf("exit %d, want 3", code)
	}
	if stdout != bad+"\n" {
		t.Errorf("stdout %q, want %q", stdout, bad+"\n")
	}
	if fileText(t, bad) != unformatted {
		t.Errorf("--check changed the file")
	}

	code, stdout, stderr := nnexp(t, "fmt", "--check", filepath.Join(dir, "good.hcl"))
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("formatted file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	// A file that does not parse makes the check incomplete: 1 wins over
	// 3, and the unformatted file is still listed.
	writeFile(t, filepath.Join(dir, "broken.hcl"), "a = [1\n")
	code, stdout, stderr = nnexp(t, "fmt", "--check", dir)
	if code != cli.ExitFailure || stdout != bad+"\n" || !strings.Contains(stderr, "broken.hcl") {
		t.Errorf("with a broken file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestFmtDiff(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "one.hcl")
	before := "a = 1\nb = 2\nc = 3\nd=4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\n"
	writeFile(t, file, before)

	code, stdout, stderr := nnexp(t, "fmt", "--check", "--diff", file)
	name := filepath.ToSlash(file)
	want := "--- old/" + name + "\n" +
		"+++ new/" + name + "\n" +
		"@@ -1,7 +1,7 @@\n" +
		" a = 1\n" +
		" b = 2\n" +
		" c = 3\n" +
		"-d=4\n" +
		"+d = 4\n" +
		" e = 5\n" +
		" f = 6\n" +
		" g = 7\n"
	if code != cli.ExitUnformatted || stdout != want {
		t.Errorf("exit %d, stderr %q, diff:\n%s\nwant:\n%s", code, stderr, stdout, want)
	}
	if fileText(t, file) != before {
		t.Errorf("--check --diff changed the file")
	}

	// Without --check, --diff shows the change and makes it.
	if code, stdout, _ := nnexp(t, "fmt", "--diff", file); code != 0 || stdout != want {
		t.Errorf("--diff: exit %d\n%s", code, stdout)
	}
	if !strings.Contains(fileText(t, file), "\nd = 4\n") {
		t.Errorf("--diff did not rewrite the file")
	}
}

func TestFmtSyntaxErrorLeavesOtherFilesFormatted(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "a_broken.hcl")
	brokenText := "model \"m\" {\n  hidden = [3\n}\n"
	writeFile(t, broken, brokenText)
	bad := filepath.Join(dir, "b_bad.hcl")
	writeFile(t, bad, unformatted)

	code, stdout, stderr := nnexp(t, "fmt", dir)
	if code != cli.ExitFailure {
		t.Errorf("exit %d, want %d", code, cli.ExitFailure)
	}
	for _, want := range []string{"Error: ", "on " + broken + " line 3", "nnexp: " + broken + ": 1 error"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if fileText(t, broken) != brokenText {
		t.Errorf("the broken file was changed")
	}
	if fileText(t, bad) != formatted || stdout != bad+"\n" {
		t.Errorf("the other file was not formatted; stdout %q", stdout)
	}
}

func TestFmtRecursive(t *testing.T) {
	dir := t.TempDir()
	nested := filepath.Join(dir, "sub", "n.hcl")
	hidden := filepath.Join(dir, ".git", "h.hcl")
	writeFile(t, nested, unformatted)
	writeFile(t, hidden, unformatted)
	if code, stdout, _ := nnexp(t, "fmt", "--check", dir); code != 0 || stdout != "" {
		t.Errorf("without --recursive: exit %d, stdout %q", code, stdout)
	}
	if code, stdout, _ := nnexp(t, "fmt", "--recursive", dir); code != 0 || stdout != nested+"\n" {
		t.Errorf("--recursive: exit %d, stdout %q", code, stdout)
	}
	if fileText(t, nested) != formatted || fileText(t, hidden) != unformatted {
		t.Errorf("--recursive formatted the wrong files")
	}
}

func TestFmtMissingPath(t *testing.T) {
	code, _, stderr := nnexp(t, "fmt", filepath.Join(t.TempDir(), "nope.hcl"))
	if code != cli.ExitFailure || !strings.Contains(stderr, "no such file") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// The repository's own HCL files are examples users copy; they must be
// formatted. dsl/testdata/invalid holds deliberately broken files and is
// left out.
func TestRepositoryHCLIsFormatted(t *testing.T) {
	paths := []string{"../experiments", "../examples", "testdata", "../dsl/testdata/valid"}
	n := 0
	for _, p := range paths {
		_ = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(path, ".hcl") {
				n++
			}
			return nil
		})
	}
	if n < 5 {
		t.Fatalf("found %d .hcl files under %v; the test would check nothing", n, paths)
	}
	code, stdout, stderr := nnexp(t, append([]string{"fmt", "--check", "--diff", "--recursive"}, paths...)...)
	if code != 0 {
		t.Errorf("unformatted files (run nnexp fmt --recursive on them): exit %d\n%s%s", code, stdout, stderr)
	}
}

// fmtStdin runs nnexp fmt with args and input as standard input.
func fmtStdin(t *testing.T, input string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	code = cli.RunWithStdin(context.Background(), append([]string{"fmt"}, args...), strings.NewReader(input), &out, &errw)
	return code, out.String(), errw.String()
}

func TestFmtStdin(t *testing.T) {
	if code, stdout, stderr := fmtStdin(t, unformatted, "-"); code != 0 || stdout != formatted || stderr != "" {
		t.Errorf("fmt -: exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	// Formatted input comes back unchanged.
	if code, stdout, _ := fmtStdin(t, formatted, "-"); code != 0 || stdout != formatted {
		t.Errorf("fmt - on formatted input: exit %d, stdout:\n%s", code, stdout)
	}
	if code, stdout, _ := fmtStdin(t, unformatted, "--check", "-"); code != cli.ExitUnformatted || stdout != "" {
		t.Errorf("fmt --check -: exit %d, stdout %q", code, stdout)
	}
	if code, stdout, _ := fmtStdin(t, formatted, "--check", "-"); code != 0 || stdout != "" {
		t.Errorf("fmt --check - on formatted input: exit %d, stdout %q", code, stdout)
	}
	code, stdout, _ := fmtStdin(t, "a=1\n", "--diff", "-")
	if want := "--- old/<stdin>\n+++ new/<stdin>\n@@ -1 +1 @@\n-a=1\n+a = 1\n"; code != 0 || stdout != want {
		t.Errorf("fmt --diff -: exit %d, diff:\n%s\nwant:\n%s", code, stdout, want)
	}
	// A syntax error is reported at its line and nothing is printed.
	code, stdout, stderr := fmtStdin(t, "a = 1\nb = \n", "-")
	if code != cli.ExitFailure || stdout != "" || !strings.Contains(stderr, "on <stdin> line 2") {
		t.Errorf("broken input: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// - cannot be mixed with files.
	if code, _, stderr := fmtStdin(t, formatted, "-", "x.hcl"); code != cli.ExitUsage || !strings.Contains(stderr, "only PATH") {
		t.Errorf("fmt - x.hcl: exit %d, stderr %q", code, stderr)
	}
}
