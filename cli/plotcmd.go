package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/report"
)

// plotCommand redraws an output folder's plots and report.html from what
// the folder holds:
// the results from its CSVs, the plot blocks from its copy of the
// experiment, the variables from its vars.hcl. It needs neither the data
// nor the optimizers, so it works on a folder copied to another machine
// and with a binary that lacks a custom optimizer the run used.
func plotCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("plot", "plot DIR", stderr)
	dir, code, ok := oneArg(fs, args, "output folder DIR", stdout, stderr)
	if !ok {
		return code
	}

	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		what := "there is no folder " + dir
		if err == nil {
			what = dir + " is a file, not a folder"
		} else if !errors.Is(err, os.ErrNotExist) {
			what = err.Error()
		}
		fmt.Fprintf(stderr, "nnexp plot: %s; DIR is an output folder of nnexp run\n", what)
		return ExitFailure
	}
	if _, err := os.Stat(filepath.Join(dir, "summary.csv")); err != nil {
		fmt.Fprintf(stderr, "nnexp plot: %s is not an output folder of nnexp run: it has no summary.csv (%v)\n", dir, errors.Unwrap(err))
		return ExitFailure
	}
	results, err := report.ReadResults(dir)
	if err != nil {
		fmt.Fprintf(stderr, "nnexp plot: %v\n", err)
		return ExitFailure
	}
	// The run's manifest, when the folder still has a readable one: it
	// names the experiment copy, holds the digest of its non-plot blocks
	// and is the page's provenance.
	var manifest *report.Manifest
	if m, err := readManifest(dir); err == nil {
		manifest = &m
	}
	expFile, err := experimentCopy(dir, manifest)
	if err != nil {
		fmt.Fprintf(stderr, "nnexp plot: %v\n", err)
		return ExitFailure
	}
	loader := dsl.NewLoader()
	exp, diags := loadPlotFile(loader, expFile, filepath.Join(dir, "vars.hcl"))
	if !printDiagnostics(loader, diags, errorFiles(diags, expFile), stderr) {
		return ExitFailure
	}
	warnIfEdited(manifest, expFile, stderr)
	// The page shows the copy as it is (no rebasing: it is in dir).
	described := reportExperiment(exp)
	described.Provenance = manifest
	files, err := report.Redraw(dir, described, results)
	for _, f := range files {
		fmt.Fprintln(stdout, f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "nnexp plot: %v\n", err)
		return ExitFailure
	}
	if manifest != nil {
		if err := refreshManifest(dir, manifest, files, stdout); err != nil {
			fmt.Fprintf(stderr, "nnexp plot: %v\n", err)
			return ExitFailure
		}
	}
	return ExitOK
}

// refreshManifest brings the folder's manifest up to date with the files
// nnexp plot wrote: their digests replace the run's, so that a later run
// still tells the plots nnexp wrote from files a user put there; and, as
// a run does, it removes the plots and milestone CSVs the manifest lists
// that this redraw did not write (a plot or milestone block deleted since)
// and that still hold what was written, and drops them from the list. The other outputs (CSVs, the
// experiment copy) keep the digests the run gave them.
func refreshManifest(dir string, m *report.Manifest, written []string, stdout io.Writer) error {
	current := report.DescribeOutputs(written)
	kept := slices.DeleteFunc(slices.Clone(m.Outputs), func(o report.ManifestOutput) bool {
		return report.Redrawn(o.Name) || slices.ContainsFunc(current, func(c report.ManifestOutput) bool { return c.Name == o.Name })
	})
	removed, err := report.RemoveStale(dir, m.Outputs, append(slices.Clone(kept), current...))
	for _, name := range removed {
		fmt.Fprintf(stdout, "removed %s (no plot or milestone block writes it now)\n", filepath.Join(dir, name))
	}
	if err != nil {
		return err
	}
	// The stale plots that stay (replaced by the user) are no longer the
	// run's outputs either.
	m.Outputs = append(kept, current...)
	return report.WriteManifest(dir, *m)
}

// experimentCopy finds the experiment file in an output folder. Its
// manifest (nil when unreadable) names it: the copy keeps the base name of the file that
// was run, whatever its extension. A folder without a usable manifest
// falls back to its only .hcl file other than vars.hcl. The folder is
// listed, not globbed, so that a name such as "run[1]" is not a pattern.
func experimentCopy(dir string, m *report.Manifest) (string, error) {
	if m != nil && m.ExperimentFile != "" {
		path := filepath.Join(dir, filepath.Base(m.ExperimentFile))
		if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
			return path, nil
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var found []string
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && filepath.Ext(name) == ".hcl" && name != "vars.hcl" {
			found = append(found, filepath.Join(dir, name))
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%s holds no experiment file (*.hcl other than vars.hcl); is it an output folder of nnexp run?", dir)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("%s holds %d experiment files (%v), want one", dir, len(found), found)
}

// loadPlotFile decodes the experiment copy with the values of vars.hcl,
// when the folder has one, as validate does but detached: the data and
// the optimizers the run used need not be here (see dsl.Loader.Detached).
func loadPlotFile(loader *dsl.Loader, expFile, varsFile string) (*dsl.Experiment, hcl.Diagnostics) {
	var overrides []dsl.Override
	if _, err := os.Stat(varsFile); err == nil {
		var diags hcl.Diagnostics
		overrides, diags = loader.LoadVarFile(varsFile)
		if diags.HasErrors() {
			return nil, diags
		}
	}
	loader.Detached = true
	return loader.LoadFileOverrides(expFile, overrides)
}

// warnIfEdited warns when blocks of the experiment copy other than plot
// blocks changed since the run wrote it (manifest.json's digest): the
// plots are redrawn from results of the file as it was run, not as it now
// reads, which would otherwise pass silently.
func warnIfEdited(m *report.Manifest, expFile string, stderr io.Writer) {
	if m == nil || m.CopyDigest == "" {
		return
	}
	src, err := os.ReadFile(expFile)
	if err != nil {
		return
	}
	if now, err := dsl.ResultsDigest(expFile, src); err == nil && now != m.CopyDigest {
		fmt.Fprintf(stderr, "nnexp plot: warning: %s was edited outside its plot and milestone blocks since the run; the plots show the results of the file as it was run (run it again for results of the edited file)\n", expFile)
	}
}

// readManifest reads dir's manifest.json.
func readManifest(dir string) (report.Manifest, error) {
	var m report.Manifest
	data, err := os.ReadFile(filepath.Join(dir, report.ManifestFile))
	if err != nil {
		return m, err
	}
	return m, json.Unmarshal(data, &m)
}
