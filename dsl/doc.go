// Package dsl decodes experiment files: HCL that declares data sets,
// models, losses, optimizer pipelines, runs and plots. Load checks a whole
// file statically in one pass (types, references, ranges, registry names,
// each optimizer's and loss's settings through its own config, a CSV
// file's header, IDX files' headers) and returns every problem as an hcl.Diagnostic pointing
// at the attribute at fault. It reads no data rows and builds no model:
// the Experiment describes the file, and package plan turns it into work.
// It resolves names through the registry and never imports a concrete
// optimizer.
//
// Sweeps are decoded here too: model, pipeline and run blocks take
// Terraform's for_each (one instance per key, named label[key], with
// each.key and each.value in scope), locals blocks and go-cty's standard
// functions make a grid one expression, and a variable declared
// sweep = true given several values decodes the file once per value and
// merges the runs that use it. Each run carries the settings that differ
// between the instances of a block (Run.Settings), the hyperparameter
// columns of the outputs.
package dsl
