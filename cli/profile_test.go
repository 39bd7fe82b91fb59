package cli_test

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/cli"
)

func TestCPUProfileIsWritten(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "cpu.pprof")
	code, stdout, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--quiet", "--out", filepath.Join(dir, "out"), "--cpuprofile", prof)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	f, err := os.Open(prof)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// runtime/pprof writes a gzipped protocol buffer.
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("the profile is not gzip: %v", err)
	}
	body, err := io.ReadAll(zr)
	if err != nil || len(body) == 0 {
		t.Fatalf("the profile's body: %d bytes, %v", len(body), err)
	}
}

func TestCPUProfileThatCannotBeCreatedRunsNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	code, _, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--quiet", "--out", out, "--cpuprofile", filepath.Join(dir, "missing", "cpu.pprof"))
	if code != cli.ExitFailure || !strings.Contains(stderr, "--cpuprofile") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "summary.csv")); err == nil {
		t.Errorf("a run refused for its profile wrote summary.csv")
	}
}
