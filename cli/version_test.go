package cli_test

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/version"
)

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, _ := nnexp(t, args...)
		want := "nnexp " + version.String() + "\n" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
		if code != 0 || stdout != want {
			t.Errorf("%q: exit %d, stdout %q, want %q", args, code, stdout, want)
		}
		if !strings.HasPrefix(stdout, "nnexp "+version.Version) {
			t.Errorf("%q does not start with the version %s", stdout, version.Version)
		}
	}
	if code, _, _ := nnexp(t, "version", "extra"); code != 2 {
		t.Errorf("version extra: exit %d", code)
	}
}

// Every command's --help lists its flags, and the top-level usage every
// command.
func TestHelpListsCommandsAndFlags(t *testing.T) {
	_, usage, _ := nnexp(t, "help")
	for _, cmd := range []string{"run", "validate", "fmt", "plot", "list", "version", "help"} {
		if !strings.Contains(usage, "\n  nnexp "+cmd+" ") {
			t.Errorf("usage does not list %s:\n%s", cmd, usage)
		}
	}
	for cmd, flags := range map[string][]string{
		"run":      {"-var name=value", "-var-file file", "-out folder", "-parallel", "-quiet"},
		"validate": {"-var name=value", "-var-file file", "-json"},
		"fmt":      {"-check", "-diff", "-recursive"},
		"plot":     {"takes no flags"},
		"list":     {"takes no flags"},
		"version":  {"takes no flags"},
	} {
		for _, args := range [][]string{{cmd, "--help"}, {"help", cmd}} {
			code, stdout, stderr := nnexp(t, args...)
			help := stdout + stderr
			if code != 0 || !strings.Contains(help, "Usage: nnexp "+cmd) {
				t.Errorf("%q: exit %d\n%s", args, code, help)
			}
			for _, f := range flags {
				if !strings.Contains(help, f) {
					t.Errorf("%q does not list %q:\n%s", args, f, help)
				}
			}
		}
	}
}

// Each command's usage line is its synopsis in the README's Command line
// section, so that neither lists a flag the other lacks.
func TestUsageLinesMatchTheREADME(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	synopsis := map[string]string{}
	for line := range strings.Lines(string(readme)) {
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[0] == "nnexp" && strings.HasPrefix(line, "nnexp ") {
			if _, dup := synopsis[fields[1]]; !dup {
				synopsis[fields[1]] = strings.TrimSpace(line)
			}
		}
	}
	for _, cmd := range []string{"run", "validate", "fmt", "plot", "merge", "slurm", "list", "version"} {
		_, stdout, stderr := nnexp(t, cmd, "--help")
		help := stdout + stderr
		usage, _, _ := strings.Cut(help, "\n")
		if want := "Usage: " + synopsis[cmd]; usage != want {
			t.Errorf("%s --help:\n%s\nthe README says\n%s", cmd, usage, want)
		}
	}
}
