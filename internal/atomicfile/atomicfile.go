package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Write writes path, with permissions perm, through a temporary file in
// the same folder renamed into place, so that a reader sees the old file
// or the whole new one, never half of it; a write that fails or returns
// leaves no temporary behind, and one whose process is killed outright
// (SIGKILL, a lost node) leaves a ".<name>.<digits>.tmp" file, which
// never takes the real file's place and RemoveLeftovers clears. The temporary is in the same folder because a rename
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

// RemoveLeftovers deletes, in dir, the temporaries of writes whose process
// was killed before it could remove them: files named as Write names them
// (".<name>.<digits>.tmp") last modified more than age ago. The age keeps
// it off the temporaries of writes in progress, such as another shard's
// storing its jobs in the same folder. It returns the names removed;
// a folder that does not exist has none.
func RemoveLeftovers(dir string, age time.Duration, now time.Time) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		if !e.Type().IsRegular() || !isTemporary(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) <= age {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, e.Name())
	}
	return removed, errors.Join(errs...)
}

// isTemporary reports whether name is one Write gives its temporaries:
// ".", the file's name, ".", CreateTemp's digits, ".tmp".
func isTemporary(name string) bool {
	if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") {
		return false
	}
	body := strings.TrimSuffix(name[1:], ".tmp")
	dot := strings.LastIndexByte(body, '.')
	if dot <= 0 || dot == len(body)-1 {
		return false
	}
	for _, c := range body[dot+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
