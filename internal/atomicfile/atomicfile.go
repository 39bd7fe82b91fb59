package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write writes path, with permissions perm, through a temporary file in
// the same folder renamed into place, so that a reader sees the old file
// or the whole new one, never half of it; an interrupted write leaves no
// temporary behind. The temporary is in the same folder because a rename
// is only atomic within one file system. A symbolic link at path is
// replaced, not followed.
func Write(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	// CreateTemp makes the file private (0600).
	if err = f.Chmod(perm); err != nil {
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
	return os.Rename(f.Name(), path)
}
