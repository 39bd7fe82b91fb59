package report

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// fixedOutputs are the names WriteOutputs may write whatever the
// experiment, besides the plot blocks' files, history_<run>.png and the
// copy of the experiment file.
var fixedOutputs = []string{
	"history.csv", "summary.csv", "summary_stats.csv", "paired.csv", "ranks.csv",
	milestonesFile, milestoneStatsFile,
	"history.png", "test_loss.png", "test_accuracy.png", "final_loss.png",
	"vars.hcl", PageFile, ManifestFile,
}

// ForeignOutputs lists, sorted, the files in dir whose names (in any
// case) nnexp's outputs for exp may take, when nnexp did not write the
// folder: it has no manifest.json and no jobs folder. The names are
// those a run can write, not only those this one will (history_*.png
// for any run, the test plots, the milestone CSVs). Runs write into a folder
// the user names (--out), and a folder of someone's own summary.csv or
// report.html would otherwise lose them without a word at the end of a
// run. The experiment file itself, when it is in dir, is not foreign: its
// copy is the file. A folder that does not exist, or that nnexp wrote,
// has none; nor does a path that is not a folder (CheckOutputDir's
// error).
func ForeignOutputs(dir string, exp *Experiment) ([]string, error) {
	if dir == "" {
		dir = "."
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		// Nothing there to replace; CheckOutputDir says what is wrong
		// with a path that is not a folder.
		return nil, nil
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err == nil {
		return nil, nil
	}
	if info, err := os.Stat(filepath.Join(dir, JobsFolder)); err == nil && info.IsDir() {
		// A symbolic link to a jobs folder elsewhere counts.
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("report: output folder: %w", err)
	}
	names := outputNames(exp)
	var source os.FileInfo
	if exp.Filename != "" {
		source, _ = os.Stat(exp.Filename)
	}
	var found []string
	for _, e := range entries {
		name := e.Name()
		if !takenByOutputs(name, names) {
			continue
		}
		if source != nil && strings.EqualFold(name, filepath.Base(exp.Filename)) {
			if info, err := os.Stat(filepath.Join(dir, name)); err == nil && os.SameFile(info, source) {
				continue
			}
		}
		found = append(found, name)
	}
	slices.Sort(found)
	return found, nil
}

// outputNames are the names WriteOutputs may give exp's files, but for
// history_<run>.png: fixedOutputs, the plot blocks' files and the copy of
// the experiment file.
func outputNames(exp *Experiment) []string {
	names := slices.Clone(fixedOutputs)
	for _, p := range exp.Plots {
		names = append(names, p.File)
	}
	if exp.Filename != "" {
		names = append(names, filepath.Base(exp.Filename))
	}
	return names
}

// takenByOutputs reports whether an output could take a file's name,
// without regard to case: on macOS and Windows Summary.csv is the file
// summary.csv replaces.
func takenByOutputs(name string, names []string) bool {
	lower := strings.ToLower(name)
	return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) }) ||
		strings.HasPrefix(lower, "history_") && strings.HasSuffix(lower, ".png")
}
