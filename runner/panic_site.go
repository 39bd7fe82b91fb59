package runner

import (
	"fmt"
	"runtime"
	"strings"
)

// panicSite is where the panic being recovered was raised, as
// "file:line (function)", or "" when the stack does not say: called from
// the deferred function that recovers, whose stack still holds the
// panicking frames. A panic in a method from a user's module then names
// the line to look at, which the value alone ("index out of range [6]
// with length 0") does not.
func panicSite() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	panicking := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			panicking = true
		case panicking && !strings.HasPrefix(f.Function, "runtime."):
			return fmt.Sprintf("%s:%d (%s)", f.File, f.Line, f.Function)
		}
		if !more {
			return ""
		}
	}
}

// panicError is the error of a job whose code panicked with value p,
// raised at site.
func panicError(where string, p any, site string) error {
	if site == "" {
		return fmt.Errorf("runner: %s panicked: %v", where, p)
	}
	return fmt.Errorf("runner: %s panicked at %s: %v", where, site, p)
}
