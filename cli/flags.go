package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/nnexp/nnexp/dsl"
	"github.com/zclconf/go-cty/cty"
)

// varFlags collects repeated --var name=value flags; later ones win.
type varFlags struct {
	values map[string]cty.Value
	order  []string
}

func (v *varFlags) String() string { return strings.Join(v.order, " ") }

func (v *varFlags) Set(arg string) error {
	name, val, err := dsl.ParseVar(arg)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "dsl: "))
	}
	if v.values == nil {
		v.values = map[string]cty.Value{}
	}
	v.values[name] = val
	v.order = append(v.order, arg)
	return nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, as users of go, terraform and git expect.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// newFlagSet returns a FlagSet that prints its usage to w.
func newFlagSet(name, synopsis string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: nnexp %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// oneFile parses a command's flags and its single FILE argument.
func oneFile(fs *flag.FlagSet, args []string, stderr io.Writer) (string, int, bool) {
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return "", ExitOK, false
	}
	if err != nil {
		return "", ExitUsage, false
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "nnexp %s: want exactly one experiment FILE, got %d arguments\n", fs.Name(), len(pos))
		fs.Usage()
		return "", ExitUsage, false
	}
	return pos[0], 0, true
}

// noArgs parses a command that takes flags only.
func noArgs(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, int, bool) {
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil, ExitOK, false
	}
	if err != nil {
		return nil, ExitUsage, false
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "nnexp %s: unexpected argument %q\n", fs.Name(), pos[0])
		return nil, ExitUsage, false
	}
	return pos, 0, true
}
