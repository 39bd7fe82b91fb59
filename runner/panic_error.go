package runner

import "fmt"

// panicError is the error of a job whose code panicked with value p,
// raised at site (callsite.Panic; "" unknown): a panic in a method from a
// user's module then names the line to look at, which the value alone
// ("index out of range [6] with length 0") does not.
func panicError(where string, p any, site string) error {
	if site == "" {
		return fmt.Errorf("runner: %s panicked: %v", where, p)
	}
	return fmt.Errorf("runner: %s panicked at %s: %v", where, site, p)
}
