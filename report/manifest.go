package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/nnexp/nnexp/runner"
	"github.com/nnexp/nnexp/version"
)

// ManifestFile is the provenance record of an output folder.
const ManifestFile = "manifest.json"

// Manifest says where the results of an output folder came from: which
// nnexp and Go built them, from which command, variables and file (by
// content and, when the file is in a git checkout, by commit), when, and
// which job is which content hash and whether this run computed it or
// reused it. Unlike the CSVs it holds times, so two runs never give the
// same manifest.
type Manifest struct {
	NnexpVersion string `json:"nnexp_version"`
	GoVersion    string `json:"go_version"`
	// Arithmetic is version.Arithmetic: the architecture and its
	// instruction-set level, which can change a result's last bits.
	Arithmetic string `json:"arithmetic"`
	// Build is version.Build: the sha256 of the executable that ran, which
	// every job this run computed records in its jobs/ file.
	Build string `json:"build"`
	// CommandLine is the arguments as the command line gave them, after
	// the program name ("run", "experiments/compare.hcl", ...).
	CommandLine []string `json:"command_line"`
	// Variables are the values used, as HCL source text by name.
	Variables        map[string]string `json:"variables"`
	ExperimentFile   string            `json:"experiment_file"`
	ExperimentSHA256 string            `json:"experiment_sha256"`
	// CopyDigest is dsl.ResultsDigest of the output folder's copy of
	// the experiment as the run wrote it, so that nnexp plot can tell
	// when blocks other than plot and milestone blocks were edited since:
	// the results are then from another file. (Its JSON name is from
	// when only plot blocks were left out.)
	CopyDigest string `json:"copy_digest_without_plots,omitempty"`
	// MaxSeconds lists the runs with a time budget (max_seconds), whose
	// results depend on the machine and its load, unlike every other stop.
	MaxSeconds map[string]float64 `json:"max_seconds,omitempty"`
	// Datasets say which data each run trained on, and how a classifier's
	// outputs map to class labels.
	Datasets []ManifestDataset `json:"datasets,omitempty"`
	// Outputs are the files the run wrote into the folder (names only),
	// so that the next run can remove those it no longer writes.
	Outputs []ManifestOutput `json:"outputs"`
	// GitCommit and GitDirty describe the git checkout holding the
	// experiment file; both are absent when it is not in one or git is
	// not installed. GitDirty is true when the checkout has any change,
	// untracked files included.
	GitCommit string `json:"git_commit,omitempty"`
	GitDirty  *bool  `json:"git_dirty,omitempty"`
	// Started and Finished are RFC 3339 times.
	Started  string        `json:"started"`
	Finished string        `json:"finished"`
	Jobs     []ManifestJob `json:"jobs"`
}

// ManifestDataset is one dataset block of the experiment as the run read it.
type ManifestDataset struct {
	Name string `json:"name"`
	// Source is the built-in's name, "csv" or "idx"; Path the CSV file,
	// or the IDX images file, as the run opened it, and SHA256 the file's
	// bytes, so that a later change to the file is seen.
	Source string `json:"source"`
	Path   string `json:"path,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	// Files are the other files the data came from, with their digests:
	// an IDX dataset's labels, and the test block's files.
	Files []ManifestDataFile `json:"files,omitempty"`
	// Scale is the factor on every feature, when it is not 1.
	Scale float64 `json:"scale,omitempty"`
	Task  string  `json:"task"`
	// TrainRows and TestRows are the rows of each side of the split.
	TrainRows int `json:"train_rows"`
	TestRows  int `json:"test_rows"`
	Inputs    int `json:"inputs"`
	// Classes maps output index to class label: output k of a classifier
	// scores Classes[k]. Empty for regression.
	Classes []string `json:"classes,omitempty"`
	// Runs lists the runs on it.
	Runs []string `json:"runs"`
}

// ManifestDataFile is a data file besides a dataset's Path: Role says which
// ("labels", "test", "test_images", "test_labels").
type ManifestDataFile struct {
	Role   string `json:"role"`
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// ManifestJob is one job of the manifest, in job order.
type ManifestJob struct {
	Run    string `json:"run"`
	Repeat int    `json:"repeat"`
	Seed   uint64 `json:"seed"`
	// Hash names the job's file in the jobs folder (empty when the job
	// could not be hashed, and so is never stored).
	Hash   string `json:"hash"`
	Status string `json:"status"`
	// Reused is true when the result was read from the jobs folder
	// rather than computed by this run.
	Reused bool `json:"reused"`
	// Build is the sha256 of the executable that computed the job.
	Build string `json:"build"`
}

// NewManifest describes a run of exp into the output folder out, invoked
// with args, that started and finished at the given times with these
// results. It asks git about the experiment file's folder (see GitState).
func NewManifest(exp *Experiment, out string, args []string, results []runner.Result, started, finished time.Time) Manifest {
	sum := sha256.Sum256(exp.Source)
	m := Manifest{
		NnexpVersion:     version.String(),
		GoVersion:        runtime.Version(),
		Arithmetic:       version.Arithmetic(),
		Build:            version.Build(),
		CommandLine:      append([]string{}, args...),
		Variables:        map[string]string{},
		ExperimentFile:   exp.Filename,
		ExperimentSHA256: hex.EncodeToString(sum[:]),
		Started:          started.Format(time.RFC3339),
		Finished:         finished.Format(time.RFC3339),
		Jobs:             make([]ManifestJob, len(results)),
	}
	for name, value := range exp.Vars {
		m.Variables[name] = value
	}
	if exp.Filename != "" {
		if commit, dirty, ok := GitState(filepath.Dir(exp.Filename), out); ok {
			m.GitCommit = commit
			m.GitDirty = dirty
		}
	}
	for i, r := range results {
		if r.Run != nil && r.Run.MaxSeconds > 0 {
			if m.MaxSeconds == nil {
				m.MaxSeconds = map[string]float64{}
			}
			m.MaxSeconds[r.Run.Name] = r.Run.MaxSeconds
		}
		m.Jobs[i] = ManifestJob{Run: runName(r), Repeat: r.Repeat, Seed: r.Seed, Hash: r.Hash, Status: r.Status, Reused: r.Reused, Build: r.Build}
	}
	return m
}

// WriteManifest writes m as dir/manifest.json, atomically.
func WriteManifest(dir string, m Manifest) error {
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return wrap(err)
	}
	return writeJSONAtomic(filepath.Join(dir, ManifestFile), m, "  ")
}

// gitTimeout bounds each git command, so that a hung git (a network file
// system, a credential prompt) cannot hold up the end of a run.
const gitTimeout = 10 * time.Second

// GitState reports the commit checked out in the git work tree holding dir
// and whether the tree has changes (git status --porcelain prints
// anything). The output folder out, when it is inside the tree, is left
// out of the status: the run writes it, so counting it would call a clean
// checkout dirty (the default results/<name> is in the checkout the
// command runs from). ok is false when git is not installed or dir is not
// in a checkout (or has no commit yet): provenance is best effort, never
// an error. dirty is nil when the status could not be read. It only reads:
// GIT_OPTIONAL_LOCKS=0 stops git status from refreshing the index.
func GitState(dir, out string) (commit string, dirty *bool, ok bool) {
	if _, err := exec.LookPath("git"); err != nil {
		return "", nil, false
	}
	head, err := git(dir, "rev-parse", "HEAD")
	if err != nil {
		return "", nil, false
	}
	commit = strings.TrimSpace(head)
	if commit == "" {
		return "", nil, false
	}
	args := []string{"status", "--porcelain"}
	if spec := excludeSpec(dir, out); spec != "" {
		args = append(args, "--", ":(top)", spec)
	}
	if status, err := git(dir, args...); err == nil {
		d := strings.TrimSpace(status) != ""
		dirty = &d
	}
	return commit, dirty, true
}

// excludeSpec is the git pathspec that leaves the folder out of the status
// of the work tree holding dir, or "" when out is not strictly inside it.
func excludeSpec(dir, out string) string {
	if out == "" {
		return ""
	}
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return ""
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return ""
	}
	// git names the top level with symbolic links resolved.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	rel, err := filepath.Rel(strings.TrimSpace(top), abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	// literal: a folder name is not a pattern.
	return ":(exclude,top,literal)" + filepath.ToSlash(rel)
}

func git(dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0")
	out, err := cmd.Output()
	return string(out), err
}
