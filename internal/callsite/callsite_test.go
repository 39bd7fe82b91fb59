package callsite_test

import (
	"strings"
	"testing"

	"github.com/nnexp/nnexp/internal/callsite"
)

// inner stands for a package's own function between the user's call and
// Outside: Outside skips it, as it skips every function of the package.
func inner() string { return callsite.Outside("github.com/nnexp/nnexp/internal/callsite_test") }

func TestOutside(t *testing.T) {
	got := func() string { return inner() }()
	// Every frame here is in package callsite_test, so the first outside
	// it is the testing package's.
	if !strings.Contains(got, "testing.tRunner") {
		t.Errorf("Outside = %q, want the testing package's frame", got)
	}
	if got := callsite.Outside("github.com/nnexp/nnexp/internal/nothing"); !strings.Contains(got, "callsite_test.go:") || !strings.HasSuffix(got, "(github.com/nnexp/nnexp/internal/callsite_test.TestOutside)") {
		t.Errorf("Outside of another package = %q, want this line in TestOutside", got)
	}
}

func TestPanic(t *testing.T) {
	var site string
	func() {
		defer func() {
			recover()
			site = callsite.Panic()
		}()
		var m map[string]int
		m["x"]++ // the line that panics
	}()
	if !strings.Contains(site, "callsite_test.go:") || !strings.Contains(site, "TestPanic.func1") {
		t.Errorf("Panic = %q, want the panicking line in TestPanic", site)
	}
	if got := callsite.Panic(); got != "" {
		t.Errorf("Panic outside a recovery = %q, want empty", got)
	}
}
