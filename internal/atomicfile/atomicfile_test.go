package atomicfile

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// RemoveLeftovers deletes only Write's temporaries older than the age:
// not a fresh one (a write in progress), not files that merely look
// alike, not folders.
func TestRemoveLeftovers(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	old := now.Add(-2 * time.Hour)
	files := map[string]time.Time{
		".history.csv.123456.tmp": old, // a killed write: removed
		".report.html.9.tmp":      old, // removed
		".summary.csv.42.tmp":     now, // in progress: kept
		"notes.tmp":               old, // not a temporary of Write
		".x.12a.tmp":              old, // not CreateTemp's digits
		".tmp":                    old,
		"..123.tmp":               old, // no file name
		"history.csv":             old,
	}
	for name, mtime := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, ".folder.1.tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	removed, err := RemoveLeftovers(dir, time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(removed)
	if want := []string{".history.csv.123456.tmp", ".report.html.9.tmp"}; !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	for name := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if gone := os.IsNotExist(err); gone != slices.Contains(removed, name) {
			t.Errorf("%s: gone %v", name, gone)
		}
	}
	if got, err := RemoveLeftovers(filepath.Join(dir, "missing"), time.Hour, now); err != nil || got != nil {
		t.Errorf("a missing folder: %v, %v", got, err)
	}
}

// Write's own temporaries are what RemoveLeftovers looks for.
func TestWriteTemporariesAreRecognised(t *testing.T) {
	dir := t.TempDir()
	f, err := os.CreateTemp(dir, ".history.csv.*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !isTemporary(filepath.Base(f.Name())) {
		t.Errorf("%s is not recognised", f.Name())
	}
}
