package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFlagsAsDocumented: help writes flags with two dashes, as the README
// and users do, and "--" ends the flags: what follows is an argument even
// when it looks like a flag.
func TestFlagsAsDocumented(t *testing.T) {
	_, stdout, stderr := nnexp(t, "run", "--help")
	help := stdout + stderr
	if !strings.Contains(help, "\n  --force\n") || strings.Contains(help, "\n  -force") {
		t.Errorf("run --help does not write --force:\n%s", help)
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "-odd.hcl")
	if err := os.WriteFile(file, []byte("experiment \"x\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	code, stdout, stderr := nnexp(t, "validate", "--", "-odd.hcl", "--json")
	if code != 2 || !strings.Contains(stderr, "want exactly one experiment FILE, got 2 arguments") || strings.Contains(stdout, "format_version") {
		t.Errorf("validate -- -odd.hcl --json: exit %d, --json taken as a flag after --?\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	code, _, stderr = nnexp(t, "validate", "--", "-odd.hcl")
	if code != 1 || !strings.Contains(stderr, "-odd.hcl") {
		t.Errorf("validate -- -odd.hcl: exit %d, want the file checked (it has no runs)\nstderr: %s", code, stderr)
	}
}

// A flag that takes a value followed by another flag is a usage error,
// not a folder named --quiet; a dash value that names no flag is taken.
func TestFlagFollowedByFlag(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "x.hcl", "--out", "--quiet"}, "nnexp run: --out needs a value, but --quiet follows it"},
		{[]string{"run", "x.hcl", "--out", "-quiet"}, "nnexp run: --out needs a value, but -quiet follows it"},
		{[]string{"run", "--var-file", "--parallel=2", "x.hcl"}, "nnexp run: --var-file needs a value, but --parallel=2 follows it"},
		{[]string{"merge", "x.hcl", "--out", "--var", "a=1"}, "nnexp merge: --out needs a value, but --var follows it"},
	} {
		code, stdout, stderr := nnexp(t, c.args...)
		if code != 2 || !strings.HasPrefix(stderr, c.want) {
			t.Errorf("%q: exit %d\nstdout: %s\nstderr: %s", c.args, code, stdout, stderr)
		}
		if entries, _ := os.ReadDir("."); len(entries) > 0 {
			t.Errorf("%q made %s", c.args, entries[0].Name())
		}
	}
	if _, _, stderr := nnexp(t, "validate", "x.hcl", "--var", "a=-1"); strings.Contains(stderr, "needs a value") {
		t.Errorf("--var a=-1: %s", stderr)
	}
	if _, _, stderr := nnexp(t, "validate", "x.hcl", "--var", "-1"); strings.Contains(stderr, "needs a value") {
		t.Errorf("--var -1: %s", stderr)
	}
}

// Help asked for goes to stdout, as the top-level help does; a mistake's
// usage goes to stderr under one line that names the command and the flag
// as users write it.
func TestHelpOnStdoutMistakesOnStderr(t *testing.T) {
	for _, args := range [][]string{{"help", "run"}, {"run", "--help"}, {"fmt", "-h"}, {"help", "version"}} {
		code, stdout, stderr := nnexp(t, args...)
		if code != 0 || !strings.HasPrefix(stdout, "Usage: nnexp "+args[len(args)-1]) && !strings.HasPrefix(stdout, "Usage: nnexp "+args[0]) || stderr != "" {
			t.Errorf("%q: exit %d\nstdout: %s\nstderr: %s", args, code, stdout, stderr)
		}
	}
	for args, want := range map[string]string{
		"run x.hcl --bogus":        "nnexp run: flag provided but not defined: --bogus\nUsage: nnexp run ",
		"run x.hcl --parallel 1.5": "nnexp run: invalid value \"1.5\" for flag --parallel: parse error\nUsage: nnexp run ",
		"validate x.hcl --json=no": "nnexp validate: invalid boolean value \"no\" for --json: parse error\nUsage: nnexp validate ",
	} {
		code, stdout, stderr := nnexp(t, strings.Fields(args)...)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, want) {
			t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", args, code, stdout, stderr)
		}
	}
}

func TestHelpTakesOneCommand(t *testing.T) {
	code, stdout, stderr := nnexp(t, "help", "run", "extra")
	if code != 2 || stdout != "" || stderr != "nnexp help: want one COMMAND, got 2 arguments\n" {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}
