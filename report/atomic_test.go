package report

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileAtomicKeepsOldFileOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := writeFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return boom
	})
	if !errors.Is(err, boom) || err.Error() != "report: boom" {
		t.Fatalf("err = %v, want report: boom", err)
	}
	if got := string(readFile(t, path)); got != "old" {
		t.Errorf("file holds %q after a failed write, want the old content", got)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("folder holds %q, want the temporary removed", names)
	}
}

func TestWriteFileAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(path, []byte("old content, longer"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := string(readFile(t, path)); got != "new" {
		t.Errorf("file holds %q, want new", got)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("folder holds %q", names)
	}
}
