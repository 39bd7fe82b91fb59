package callsite

import (
	"fmt"
	"runtime"
	"strings"
)

// Unknown is what Outside and Panic give when the stack does not say.
const Unknown = "an unknown place"

// Outside is the innermost caller of Outside's caller whose function is
// not in package pkg (an import path): the user's call into pkg, however
// many of pkg's own functions lie between.
func Outside(pkg string) string {
	return first(func(f runtime.Frame) bool { return !strings.HasPrefix(f.Function, pkg+".") })
}

// Panic is where the panic being recovered was raised: the first frame
// below runtime.gopanic that is not the runtime's own. Call it from the
// deferred function that recovers, whose stack still holds the panicking
// frames; "" when it holds none.
func Panic() string {
	panicking := false
	site := first(func(f runtime.Frame) bool {
		if f.Function == "runtime.gopanic" {
			panicking = true
			return false
		}
		return panicking && !strings.HasPrefix(f.Function, "runtime.")
	})
	if site == Unknown {
		return ""
	}
	return site
}

// first is the first frame that wanted accepts, from the caller of
// Outside or Panic up: Callers' skip of 3 leaves out Callers, first and
// the exported function. 64 frames reach past a recovering defer to the
// panicking frames below it.
func first(wanted func(runtime.Frame) bool) string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if wanted(f) {
			return fmt.Sprintf("%s:%d (%s)", f.File, f.Line, f.Function)
		}
		if !more {
			return Unknown
		}
	}
}
