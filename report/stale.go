package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ManifestOutput is a file a run wrote into its output folder.
type ManifestOutput struct {
	Name string `json:"name"`
	// SHA256 is the file's content as written, so that a later run can
	// tell a plot it wrote from one a user has since replaced.
	SHA256 string `json:"sha256"`
}

// DescribeOutputs lists the files at paths (in one folder) for the
// manifest; a file that cannot be read gets no digest.
func DescribeOutputs(paths []string) []ManifestOutput {
	out := make([]ManifestOutput, 0, len(paths))
	for _, p := range paths {
		out = append(out, ManifestOutput{Name: filepath.Base(p), SHA256: FileDigest(p)})
	}
	return out
}

// FileDigest is the hex sha256 of the file at path, or "" when it cannot
// be read: the manifest's outputs and data sets record it.
func FileDigest(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// PreviousOutputs is the list of files the last run wrote into dir, from
// its manifest.json; nil when there is none.
func PreviousOutputs(dir string) []ManifestOutput {
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil
	}
	var m Manifest
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	return m.Outputs
}

// RemoveStale deletes the plots (and milestone CSVs: see Redrawn) that the
// previous run into dir wrote (previous, from its manifest) and this one
// did not (current): renaming a run used to leave history_<old name>.png
// beside the new plots, where it reads as a result of this file. It
// deletes only such a file that still holds exactly what that run wrote (so a file the user replaced or
// put there is never touched) and whose name no current output shares,
// even in case alone (one file on macOS and Windows). It returns the
// names removed.
func RemoveStale(dir string, previous, current []ManifestOutput) ([]string, error) {
	var removed []string
	var errs []error
	for _, old := range previous {
		name := old.Name
		if old.SHA256 == "" || name != filepath.Base(name) || strings.HasPrefix(name, ".") || !Redrawn(name) || written(current, name) {
			continue
		}
		path := filepath.Join(dir, name)
		if FileDigest(path) != old.SHA256 {
			continue
		}
		err := os.Remove(path)
		switch {
		case err == nil:
			removed = append(removed, name)
		case !errors.Is(err, fs.ErrNotExist):
			errs = append(errs, wrap(err))
		}
	}
	return removed, errors.Join(errs...)
}

// written reports whether outs holds name, in any case.
func written(outs []ManifestOutput, name string) bool {
	for _, o := range outs {
		if strings.EqualFold(o.Name, name) {
			return true
		}
	}
	return false
}
