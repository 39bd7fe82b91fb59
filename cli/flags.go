package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/internal/shell"
	"github.com/zclconf/go-cty/cty"
)

// varFlags collects the --var and --var-file flags of a command in
// command-line order: each sets the variables it names, and a later one
// wins, so --var-file a.hcl --var x=1 gives x=1 while --var x=1
// --var-file a.hcl gives a.hcl's x. A --var is checked as it is parsed
// (a malformed one is a usage error); a variable file is read when the
// experiment is loaded, so that its mistakes are diagnostics with their
// source lines.
type varFlags struct {
	sources []varSource
}

// varSource is one --var (name and value) or one --var-file (file).
type varSource struct {
	name  string
	value cty.Value
	file  string
	raw   string // the --var argument as given
}

// addVarFlags registers --var and --var-file on fs and returns where
// their values go; see varFlags.
func addVarFlags(fs *flag.FlagSet) *varFlags {
	v := &varFlags{}
	fs.Var(varFlag{v}, "var", "set a variable, `name=value` (value is HCL: 0.1, [5, 4], \"text\"; a variable declared sweep = true takes a list, lr=0.01,0.1,1, and runs each value); repeatable")
	fs.Var(varFileFlag{v}, "var-file", "set variables from a `file` of name = value lines (as vars.hcl in an output folder); repeatable, later flags win")
	return v
}

type varFlag struct{ v *varFlags }

func (f varFlag) String() string { return "" }

func (f varFlag) Set(arg string) error {
	name, val, err := dsl.ParseVar(arg)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "dsl: "))
	}
	f.v.sources = append(f.v.sources, varSource{name: name, value: val, raw: arg})
	return nil
}

type varFileFlag struct{ v *varFlags }

func (f varFileFlag) String() string { return "" }

func (f varFileFlag) Set(path string) error {
	if path == "" {
		return errors.New("want a file name")
	}
	f.v.sources = append(f.v.sources, varSource{file: path})
	return nil
}

// overrides reads the variable files through loader, so that their
// diagnostics print with snippets, and lists every value given, in
// command-line order. bad lists the variable files with errors.
func (v *varFlags) overrides(loader *dsl.Loader) (out []dsl.Override, diags hcl.Diagnostics, bad []string) {
	if v == nil {
		return nil, nil, nil
	}
	for _, s := range v.sources {
		if s.file == "" {
			out = append(out, dsl.Override{Name: s.name, Value: s.value, Flag: s.raw})
			continue
		}
		vals, d := loader.LoadVarFile(s.file)
		diags = append(diags, d...)
		if d.HasErrors() && !slices.Contains(bad, s.file) {
			bad = append(bad, s.file)
		}
		out = append(out, vals...)
	}
	return out, diags, bad
}

// words is args quoted for a shell, each with a leading space, for a
// command line printed for the user to run.
func (v *varFlags) words() string {
	var b strings.Builder
	for _, a := range v.args() {
		b.WriteString(" " + shell.Quote(a))
	}
	return b.String()
}

// args is the flags again, in order, for a command line that another
// process runs from another folder: variable files by absolute path.
func (v *varFlags) args() []string {
	var out []string
	for _, s := range v.sources {
		if s.file == "" {
			out = append(out, "--var", s.raw)
			continue
		}
		file := s.file
		if abs, err := filepath.Abs(file); err == nil {
			file = abs
		}
		out = append(out, "--var-file", file)
	}
	return out
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, as users of go, terraform and git expect. Help
// asked for (--help, -h) goes to stdout, as nnexp --help's does; the
// usage after a mistake goes to fs's output (stderr) with the mistake.
func parseInterspersed(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	errOut := fs.Output()
	if err := flagAsValue(fs, args); err != nil {
		fmt.Fprintf(errOut, "nnexp %s: %v\n", fs.Name(), err)
		return nil, err
	}
	var said bytes.Buffer
	fs.SetOutput(&said)
	defer fs.SetOutput(errOut)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				stdout.Write(said.Bytes())
			} else {
				errOut.Write(flagMistake(fs.Name(), said.Bytes()))
			}
			return nil, err
		}
		rest := fs.Args()
		// flag.Parse consumes a "--" it stops at: everything after it is
		// an argument, even what looks like a flag.
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// newFlagSet returns a FlagSet that prints its usage to w.
func newFlagSet(name, synopsis string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: nnexp %s\n\n", synopsis)
		if doc := commandDocs[name]; doc != "" {
			fmt.Fprintf(w, "%s\n\n", doc)
		}
		flags := 0
		fs.VisitAll(func(*flag.Flag) { flags++ })
		if flags == 0 {
			fmt.Fprintln(w, "It takes no flags.")
			return
		}
		fmt.Fprintln(w, "Flags:")
		printFlags(w, fs)
	}
	return fs
}

// printFlags lists fs's flags as the README and users write them, with two
// dashes (flag.PrintDefaults writes one: "-force").
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "[]" {
			usage += fmt.Sprintf(" (default %s)", def)
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
	})
}

// oneFile parses a command's flags and its single FILE argument.
func oneFile(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (string, int, bool) {
	return oneArg(fs, args, "experiment FILE", stdout, stderr)
}

// oneArg parses a command's flags and its single positional argument,
// which the usage error calls what.
func oneArg(fs *flag.FlagSet, args []string, what string, stdout, stderr io.Writer) (string, int, bool) {
	pos, err := parseInterspersed(fs, args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return "", ExitOK, false
	}
	if err != nil {
		return "", ExitUsage, false
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "nnexp %s: want exactly one %s, got %d arguments\n", fs.Name(), what, len(pos))
		fs.Usage()
		return "", ExitUsage, false
	}
	return pos[0], 0, true
}

// noArgs parses a command that takes flags only; ok is false, with the
// exit status in code, when the command should stop.
func noArgs(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	pos, err := parseInterspersed(fs, args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK, false
	}
	if err != nil {
		return ExitUsage, false
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "nnexp %s: unexpected argument %q\n", fs.Name(), pos[0])
		return ExitUsage, false
	}
	return 0, true
}

// flagAsValue reports a flag that takes a value followed by another of
// fs's flags, help or "--", as in --out --quiet: the flag package would
// take --quiet for the folder's name and make a folder called that. A
// value that starts with a dash but names no flag (-0.5) is left alone, and
// so is one given with = (--out=--quiet) or one of a flag whose values are
// other programs' flags (--sbatch-arg --time=1:00:00).
func flagAsValue(fs *flag.FlagSet, args []string) error {
	for i := 0; i+1 < len(args); i++ {
		name, ok := flagName(args[i])
		if !ok {
			if args[i] == "--" {
				return nil
			}
			continue
		}
		f := fs.Lookup(name)
		if f == nil || strings.Contains(args[i], "=") || isBoolFlag(f) {
			continue
		}
		if t, ok := f.Value.(interface{ TakesFlags() bool }); ok && t.TakesFlags() {
			i++
			continue
		}
		next := args[i+1]
		nextName, isFlag := flagName(next)
		nextName = strings.SplitN(nextName, "=", 2)[0]
		if next == "--" || isFlag && (fs.Lookup(nextName) != nil || nextName == "h" || nextName == "help") {
			return fmt.Errorf("--%s needs a value, but %s follows it (a value that starts with a dash is given as --%s=%s)", name, next, name, next)
		}
		i++ // the value
	}
	return nil
}

// flagName is the name in a flag argument (-x, --x or --x=v, without the
// dashes), and whether arg is one.
func flagName(arg string) (string, bool) {
	if len(arg) < 2 || arg[0] != '-' || arg == "--" {
		return "", false
	}
	name := strings.TrimPrefix(arg[1:], "-")
	if name == "" || name[0] == '-' {
		return "", false
	}
	return strings.SplitN(name, "=", 2)[0], true
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// flagMistake is the flag package's report of a mistake, its first line
// given the command's prefix and flags their two dashes ("flag provided
// but not defined: -bogus" becomes "nnexp run: flag provided but not
// defined: --bogus"), the usage after it as it is.
func flagMistake(command string, said []byte) []byte {
	first, rest, _ := bytes.Cut(said, []byte("\n"))
	line := string(first)
	for _, from := range []string{"defined: -", "argument: -", "for flag -", "for -"} {
		if i := strings.Index(line, from); i >= 0 && !strings.HasPrefix(line[i+len(from):], "-") {
			line = line[:i+len(from)] + "-" + line[i+len(from):]
			break
		}
	}
	out := []byte("nnexp " + command + ": " + line + "\n")
	return append(out, rest...)
}
