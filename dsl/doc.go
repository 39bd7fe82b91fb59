// Package dsl reads experiment files: HCL that declares data sets, models,
// losses, optimizer pipelines, runs and plots. Load checks a whole file in
// one pass and returns every problem as an hcl.Diagnostic pointing at the
// attribute at fault; it resolves names through the registry and never
// imports a concrete optimizer.
package dsl
