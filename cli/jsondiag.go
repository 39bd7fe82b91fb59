package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcled"
)

// The types below are the output of terraform validate -json (format
// version 1.0), field for field, so that editors, CI annotations and
// scripts written for Terraform read nnexp's diagnostics unchanged.

type jsonValidation struct {
	FormatVersion string            `json:"format_version"`
	Valid         bool              `json:"valid"`
	ErrorCount    int               `json:"error_count"`
	WarningCount  int               `json:"warning_count"`
	Diagnostics   []*jsonDiagnostic `json:"diagnostics"`
}

type jsonDiagnostic struct {
	Severity string       `json:"severity"`
	Summary  string       `json:"summary"`
	Detail   string       `json:"detail"`
	Range    *jsonRange   `json:"range,omitempty"`
	Snippet  *jsonSnippet `json:"snippet,omitempty"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// jsonSnippet is the source around a diagnostic: Code is the whole lines
// its context covers, the highlight offsets are bytes of Code.
type jsonSnippet struct {
	Context              *string     `json:"context"`
	Code                 string      `json:"code"`
	StartLine            int         `json:"start_line"`
	HighlightStartOffset int         `json:"highlight_start_offset"`
	HighlightEndOffset   int         `json:"highlight_end_offset"`
	Values               []jsonValue `json:"values"`
}

// jsonValue is Terraform's expression value note; nnexp has none to give,
// but the field is always present, as an empty array, as Terraform's is.
type jsonValue struct {
	Traversal string `json:"traversal"`
	Statement string `json:"statement"`
}

// writeJSONDiagnostics writes diags as one indented JSON document; files
// are the sources read (Loader.Files), for the snippets.
func writeJSONDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	out := jsonValidation{FormatVersion: "1.0", Diagnostics: []*jsonDiagnostic{}}
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			out.ErrorCount++
		} else {
			out.WarningCount++
		}
		out.Diagnostics = append(out.Diagnostics, newJSONDiagnostic(d, files))
	}
	out.Valid = out.ErrorCount == 0
	// Unescaped <, > and &, which details use ("dataset.<name>"), read
	// better and parse the same.
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func newJSONDiagnostic(d *hcl.Diagnostic, files map[string]*hcl.File) *jsonDiagnostic {
	jd := &jsonDiagnostic{Severity: "error", Summary: d.Summary, Detail: d.Detail}
	if d.Severity == hcl.DiagWarning {
		jd.Severity = "warning"
	}
	if d.Subject == nil {
		return jd
	}
	subject := *d.Subject
	jd.Range = &jsonRange{
		Filename: subject.Filename,
		Start:    jsonPos{subject.Start.Line, subject.Start.Column, subject.Start.Byte},
		End:      jsonPos{subject.End.Line, subject.End.Column, subject.End.Byte},
	}
	if file := files[subject.Filename]; file != nil && file.Bytes != nil {
		jd.Snippet = newJSONSnippet(file, subject, d.Context)
	}
	return jd
}

// newJSONSnippet computes the snippet as Terraform does: the lines of the
// context range (the subject's when there is none), with the subject
// highlighted; an empty range is widened to one byte so it shows.
func newJSONSnippet(file *hcl.File, highlight hcl.Range, context *hcl.Range) *jsonSnippet {
	src := file.Bytes
	if highlight.End == (hcl.Pos{}) {
		highlight.End = highlight.Start
	}
	snippetRange := highlight
	if context != nil {
		snippetRange = *context
	}
	snippetRange = hcl.RangeOver(snippetRange, highlight)
	if snippetRange.Empty() {
		snippetRange.End.Byte++
		snippetRange.End.Column++
	}
	if highlight.Empty() {
		highlight.End.Byte++
		highlight.End.Column++
	}
	sn := &jsonSnippet{StartLine: snippetRange.Start.Line, Values: []jsonValue{}}
	if ctx := hcled.ContextString(file, highlight.Start.Byte-1); ctx != "" {
		sn.Context = &ctx
	}

	var code strings.Builder
	codeStart, started := 0, false
	sc := hcl.NewRangeScanner(src, highlight.Filename, bufio.ScanLines)
	for sc.Scan() {
		line := sc.Range()
		if line.Overlaps(snippetRange) {
			if !started {
				codeStart, started = line.Start.Byte, true
			}
			code.Write(line.SliceBytes(src))
			code.WriteByte('\n')
		}
	}
	sn.Code = strings.TrimSuffix(code.String(), "\n")
	clamp := func(n int) int { return min(max(n, 0), len(sn.Code)) }
	start := highlight.Start.Byte - codeStart
	sn.HighlightStartOffset = clamp(start)
	sn.HighlightEndOffset = clamp(start + highlight.End.Byte - highlight.Start.Byte)
	return sn
}
