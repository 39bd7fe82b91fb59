// Package callsite names places in the stack as "file:line (function)",
// for messages that must point a user at their own code: the registration
// that came first, the method call that misused the objective, the line
// that panicked.
package callsite
