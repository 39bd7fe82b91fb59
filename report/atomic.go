package report

import (
	"io"
	"os"
	"path/filepath"
)

// writeFileAtomic writes path through a temporary file in the same folder
// renamed into place, so that a reader (a viewer refreshing a plot, a
// script polling for summary.csv) sees the old file or the whole new one,
// never half of it; an interrupted write leaves no temporary behind. The
// temporary is in the same folder because a rename is only atomic within
// one file system.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return wrap(err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = wrap(err)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	// CreateTemp makes the file private (0600); output files are as
	// readable as any file the user creates.
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	// Without Sync a crash soon after the rename can leave an empty file
	// under the final name on some file systems.
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	return nil
}
