package version

import (
	"runtime"
	"strings"
	"testing"
)

func TestArithmetic(t *testing.T) {
	a := Arithmetic()
	if !strings.HasPrefix(a, runtime.GOARCH) {
		t.Errorf("Arithmetic() = %q, want it to start with %s", a, runtime.GOARCH)
	}
	// A test binary records its build settings too; on amd64 the level is
	// one of them (v1 unless GOAMD64 says otherwise).
	if runtime.GOARCH == "amd64" && !strings.Contains(a, " GOAMD64=v") {
		t.Errorf("Arithmetic() = %q, want the GOAMD64 level", a)
	}
}
