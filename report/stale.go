package report

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// PreviousOutputs is the list of files the last run wrote into dir, from
// its manifest.json; nil when there is none.
func PreviousOutputs(dir string) []string {
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

// RemoveStale deletes the plots and experiment copies that the previous run
// into dir wrote (previous, from its manifest) and this one did not
// (current): renaming a run used to leave history_<old name>.png beside
// the new plots, where it reads as a result of this file. Only plain file
// names ending in .png or .hcl that nnexp itself listed are touched, so a
// file the user put in the folder never is. It returns the names removed.
func RemoveStale(dir string, previous, current []string) ([]string, error) {
	var removed []string
	var errs []error
	for _, name := range previous {
		if slices.Contains(current, name) || name != filepath.Base(name) || strings.HasPrefix(name, ".") ||
			!(strings.HasSuffix(name, ".png") || strings.HasSuffix(name, ".hcl")) {
			continue
		}
		err := os.Remove(filepath.Join(dir, name))
		switch {
		case err == nil:
			removed = append(removed, name)
		case !errors.Is(err, fs.ErrNotExist):
			errs = append(errs, wrap(err))
		}
	}
	return removed, errors.Join(errs...)
}
