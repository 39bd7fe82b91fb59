package cli

import (
	"fmt"
	"io"
	"runtime"

	"github.com/nnexp/nnexp/version"
)

// versionCommand prints the nnexp version, with the revision it was built
// from when known, and the Go toolchain and platform, which together say
// which numerics produced a result.
func versionCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "version", stderr)
	if code, ok := noArgs(fs, args, stdout, stderr); !ok {
		return code
	}
	fmt.Fprintf(stdout, "nnexp %s\n%s %s/%s\n", version.String(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return ExitOK
}
