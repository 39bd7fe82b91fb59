package cli

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/nnexp/nnexp/registry"
)

func listCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("list", "list", stderr)
	if code, ok := noArgs(fs, args, stdout, stderr); !ok {
		return code
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	section := func(title string, names []string, doc func(string) string) {
		fmt.Fprintf(tw, "%s:\n", title)
		for _, n := range names {
			fmt.Fprintf(tw, "  %s\t%s\n", n, doc(n))
		}
		fmt.Fprintln(tw)
	}
	section("optimizers", registry.Optimizers(), func(n string) string { o, _ := registry.LookupOptimizer(n); return o.Doc })
	section("losses", registry.Losses(), func(n string) string { l, _ := registry.LookupLoss(n); return l.Doc })
	section("datasets", registry.Datasets(), func(n string) string { d, _ := registry.LookupDataset(n); return d.Doc })
	section("activations", registry.Activations(), func(n string) string { a, _ := registry.LookupActivation(n); return a.Doc })
	fmt.Fprintln(tw, "Use a dataset with source = \"csv\" and path = \"file.csv\", or source = \"idx\" with images and labels (MNIST's format), for your own data.")
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "nnexp: %v\n", err)
		return ExitFailure
	}
	return ExitOK
}
