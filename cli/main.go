package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nnexp/nnexp/version"
)

// jobsStarted says nnexp run has started its jobs: before, a signal ends
// it at once, as there is nothing to keep.
var jobsStarted atomic.Bool

// Main runs the command line and exits with its status.
func Main() {
	// Hash the executable now, before any data is read: a rebuild while
	// a run loads its data must not be taken for the code running.
	go version.Build()
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		cancel()
		// A second signal ends the program at once, as it would without
		// this handler.
		signal.Reset(os.Interrupt, syscall.SIGTERM)
		command := ""
		if len(os.Args) > 1 {
			command = os.Args[1]
		}
		switch {
		case command == "run" && jobsStarted.Load():
			// The runner stops its jobs and writes what finished.
		case command == "run":
			// Still reading the file or the data: nothing to keep, and
			// the loading does not look at ctx.
			fmt.Fprintln(os.Stderr, "nnexp: interrupted before any job started")
			os.Exit(ExitInterrupted)
		case command == "fmt":
			// fmt stops between files; reading standard input it cannot.
			time.Sleep(time.Second)
			os.Exit(ExitInterrupted)
		default:
			// validate, plot, list, ... only read, or write files
			// atomically: before, they held the signal and could only be
			// stopped with kill -9.
			os.Exit(ExitInterrupted)
		}
	}()
	// A reader that goes away (nnexp run ... | head -1) must not kill a run
	// half-way: with SIGPIPE notified, a write to the closed pipe fails with
	// EPIPE instead, the output is lost, and the run finishes and writes
	// its results.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	code := RunWithStdin(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	signal.Stop(signals)
	cancel()
	os.Exit(code)
}

// Exit statuses, documented in the README.
const (
	ExitOK          = 0
	ExitFailure     = 1 // invalid input, or a job failed or diverged
	ExitUsage       = 2 // bad command line
	ExitUnformatted = 3 // fmt --check found a file to reformat, as terraform fmt -check does
	ExitInterrupted = 130
)

const usage = `nnexp trains neural networks by search, gradients or both, and compares them.

Usage:
  nnexp run FILE [flags]        run an experiment, write CSV and plots
  nnexp validate FILE [flags]   check an experiment file without running it
  nnexp fmt [flags] [PATH...]   rewrite .hcl files in the canonical format
  nnexp plot DIR                redraw an output folder's plots from its CSVs
  nnexp merge FILE [flags]      write the outputs from the jobs shards stored
  nnexp k8s FILE [flags]        write Kubernetes Indexed Job manifests for the shards
  nnexp slurm FILE [flags]      run the shards as a Slurm job array, then merge
  nnexp list                    list registered optimizers, losses, data sets, activations
  nnexp version                 print the nnexp and Go versions
  nnexp help [COMMAND]          show help

Run 'nnexp COMMAND --help' for a command's flags.
`

// commandDocs says what each command does, under its usage line in
// 'nnexp COMMAND --help'.
var commandDocs = map[string]string{
	"run": "Runs every job of the experiment in FILE and writes history.csv, summary.csv,\n" +
		"the plots, a copy of FILE and vars.hcl into the output folder.",
	"validate": "Checks FILE as run would, without running it, and reports every mistake.\n" +
		"Exit status 1 when the file is invalid.",
	"fmt": "Rewrites .hcl files in the canonical HCL format (as terraform fmt does) and\n" +
		"prints the names of the files it changed. PATH is a file or a folder (its *.hcl\n" +
		"files; with --recursive, those of its subfolders too, hidden ones excepted);\n" +
		"the default is the current folder; - formats standard input to standard output.\n" +
		"Exit status 1 when a file cannot be read or parsed (the others are still\n" +
		"formatted), else 3 when --check finds a file to change.",
	"plot": "Redraws the plots of an output folder of nnexp run (history.png,\n" +
		"history_<run>.png, test_loss.png, test_accuracy.png, final_loss.png and one per\n" +
		"plot block), its milestone CSVs and report.html from its history.csv and\n" +
		"summary.csv and the plot and milestone blocks of its copy of the experiment\n" +
		"file, which may be edited first. Nothing is run again.",
	"list": "Lists the registered optimizers, losses, data sets and activations.",
	"k8s": "Writes DIR/shards.yaml, an Indexed Job whose pods run the shards of FILE\n" +
		"(JOB_COMPLETION_INDEX among NNEXP_SHARDS), and DIR/merge.yaml, the Job that\n" +
		"merges them, and prints the kubectl commands that apply them in order.",
	"merge": "Writes the output folder's CSVs, plots, report and manifest from the jobs that\n" +
		"the shards of FILE (nnexp run --shard I/N) stored there, running nothing. Exit\n" +
		"status 1, naming them, when jobs are missing.",
	"slurm": "Writes DIR/slurm/array.sbatch (a job array whose task I runs nnexp run --shard\n" +
		"I/N of FILE) and DIR/slurm/merge.sbatch (nnexp merge), then submits the array and\n" +
		"the merge to start once every task succeeded. Only the shards with jobs not yet\n" +
		"stored in DIR are submitted. --wait waits for both and exits 1, naming the\n" +
		"shards that failed and their logs, unless the merge succeeded.",
	"version": "Prints the nnexp version and the Go version it was built with.",
}

// Run executes one command line (without the program name) and returns the
// exit status. Output goes to stdout, diagnostics and errors to stderr; a
// command that reads standard input (fmt -) gets an empty one.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return RunWithStdin(ctx, args, strings.NewReader(""), stdout, stderr)
}

// RunWithStdin is Run with stdin as standard input.
func RunWithStdin(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return runCommand(ctx, rest, stdout, stderr)
	case "validate":
		return validateCommand(rest, stdout, stderr)
	case "fmt":
		return fmtCommand(ctx, rest, stdin, stdout, stderr)
	case "plot":
		return plotCommand(rest, stdout, stderr)
	case "merge":
		return mergeCommand(ctx, rest, stdout, stderr)
	case "k8s":
		return k8sCommand(ctx, rest, stdout, stderr)
	case "slurm":
		return slurmCommand(ctx, rest, stdout, stderr)
	case "list":
		return listCommand(rest, stdout, stderr)
	case "version", "-version", "--version":
		return versionCommand(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 || isHelp(rest[0]) {
			fmt.Fprint(stdout, usage)
			return ExitOK
		}
		if _, known := commandDocs[rest[0]]; !known {
			fmt.Fprintf(stderr, "nnexp help: unknown command %q\n\n%s", rest[0], usage)
			return ExitUsage
		}
		if len(rest) > 1 {
			fmt.Fprintf(stderr, "nnexp help: want one COMMAND, got %d arguments\n", len(rest))
			return ExitUsage
		}
		return RunWithStdin(ctx, []string{rest[0], "--help"}, stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "nnexp: unknown command %q\n\n%s", cmd, usage)
	return ExitUsage
}

// isHelp reports whether arg asks for help rather than naming a command.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}
