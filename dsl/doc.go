// Package dsl decodes experiment files: HCL that declares data sets,
// models, losses, optimizer pipelines, runs and plots. Load checks a whole
// file statically in one pass (types, references, ranges, registry names,
// each optimizer's and loss's settings through its own config, a CSV
// file's header, IDX files' headers) and returns every problem as an hcl.Diagnostic pointing
// at the attribute at fault. It reads no data rows and builds no model:
// the Experiment describes the file, and package plan turns it into work.
// It resolves names through the registry and never imports a concrete
// optimizer.
package dsl
