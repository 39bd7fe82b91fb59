package registry_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/registry"
)

// Unjoin flattens joined errors, nested ones included, in order; an error
// that joins none is itself, and nil is none.
func TestUnjoin(t *testing.T) {
	a, b, c := errors.New("a"), errors.New("b"), errors.New("c")
	if got := registry.Unjoin(errors.Join(a, errors.Join(b, nil, c))); !slices.Equal(got, []error{a, b, c}) {
		t.Errorf("nested: %v", got)
	}
	if got := registry.Unjoin(a); !slices.Equal(got, []error{a}) {
		t.Errorf("one: %v", got)
	}
	if got := registry.Unjoin(nil); got != nil {
		t.Errorf("nil: %v", got)
	}
}
