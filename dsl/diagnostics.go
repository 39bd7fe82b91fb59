package dsl

import (
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics prints diagnostics the way Terraform does, with the
// source lines they point at; width 0 means no wrapping.
func (l *Loader) WriteDiagnostics(w io.Writer, diags hcl.Diagnostics, width uint, color bool) error {
	return hcl.NewDiagnosticTextWriter(w, l.Files(), width, color).WriteDiagnostics(diags)
}

// Compact formats one diagnostic on one line, file:line:col: summary:
// detail, for logs and golden tests.
func Compact(d *hcl.Diagnostic) string {
	sev := "error"
	if d.Severity == hcl.DiagWarning {
		sev = "warning"
	}
	msg := fmt.Sprintf("%s: %s", sev, d.Summary)
	if d.Detail != "" {
		msg += ": " + d.Detail
	}
	if d.Subject == nil {
		return msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, msg)
}
