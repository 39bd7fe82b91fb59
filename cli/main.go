package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Main runs the command line and exits with its status.
func Main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses, documented in the README.
const (
	ExitOK          = 0
	ExitFailure     = 1 // invalid input, or a job failed or diverged
	ExitUsage       = 2 // bad command line
	ExitInterrupted = 130
)

const usage = `nnexp trains neural networks by search, gradients or both, and compares them.

Usage:
  nnexp run FILE [flags]        run an experiment, write CSV and plots
  nnexp validate FILE [flags]   check an experiment file without running it
  nnexp list                    list registered optimizers, losses, data sets, activations
  nnexp help [COMMAND]          show help

Run 'nnexp COMMAND --help' for a command's flags.
`

// Run executes one command line (without the program name) and returns the
// exit status. Output goes to stdout, diagnostics and errors to stderr.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
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
	case "list":
		return listCommand(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && rest[0] != "help" {
			return Run(ctx, []string{rest[0], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "nnexp: unknown command %q\n\n%s", cmd, usage)
	return ExitUsage
}
