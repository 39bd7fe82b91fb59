package dsl

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/internal/runfile"
)

// maxNameBytes bounds a name that becomes part of a file name, well under
// the 255 bytes most file systems allow with the prefixes nnexp adds.
const maxNameBytes = 100

// maxInstanceBytes bounds the file-name part of an instance name
// (label[key]), which leaves room for history_ and .png under 255 bytes.
const maxInstanceBytes = 200

// fileNamePart says what is wrong with name as part of a file or folder
// name, or "" when nothing is. The experiment names its output folder,
// each run its history_<run>.png, each plot its <plot>.png, so a name
// like "../../escaped" or "x/final_loss" would write outside the folder
// or over another output. Letters, digits, '_', '-' and '.' are allowed,
// not first '.' or '-' (hidden files, flags).
func fileNamePart(name string) string {
	switch {
	case name == "":
		return "it is empty"
	case len(name) > maxNameBytes:
		return fmt.Sprintf("it is %d bytes long, more than %d", len(name), maxNameBytes)
	case strings.HasPrefix(name, ".") || strings.HasPrefix(name, "-"):
		return fmt.Sprintf("it starts with %q", name[:1])
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_-.", r) {
			return fmt.Sprintf("it contains %q", r)
		}
	}
	return ""
}

// checkFileName is a diagnostic at block's label unless the label can be
// part of a file name; what says what the name becomes.
func checkFileName(block *hcl.Block, kind, what string) hcl.Diagnostics {
	name := block.Labels[0]
	why := fileNamePart(name)
	if why == "" {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Invalid %s name", kind),
		Detail: fmt.Sprintf("The %s name becomes %s, so it may hold letters, digits, _, - and ., not starting with . or -; %q cannot: %s.",
			kind, what, name, why),
		Subject: block.LabelRanges[0].Ptr(),
	}}
}

// checkRunFileNames reports runs that would write one history file:
// names that differ only in case are one file on a case-insensitive file
// system (macOS, Windows), and runfile.Part maps distinct instance names
// such as grid[a-b] and grid-a[b] to one part.
func checkRunFileNames(runs []*Run) hcl.Diagnostics {
	var diags hcl.Diagnostics
	seen := map[string]*Run{}
	for _, r := range runs {
		part := runfile.Part(r.Name)
		if len(part) > maxInstanceBytes {
			// Most file systems refuse names over 255 bytes, which
			// would be found out only after every job had trained.
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Run name too long",
				Detail: fmt.Sprintf("Run %q would write history_%s.png, whose name is longer than file systems allow; use shorter for_each keys (at most %d bytes with the block's name).",
					r.Name, part, maxInstanceBytes),
				Subject: r.DeclRange.Ptr(),
			})
			continue
		}
		key := strings.ToLower(part)
		prev, ok := seen[key]
		if !ok {
			seen[key] = r
			continue
		}
		summary, why := "Run names differ only in case", "one file where case is not told apart"
		if strings.ToLower(prev.Name) != strings.ToLower(r.Name) {
			summary, why = "Run names share a file name", "one file, since brackets and characters unsafe in file names are replaced (see Sweeps in the README)"
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  summary,
			Detail: fmt.Sprintf("Runs %q (at %s) and %q would write history_%s.png and history_%s.png, %s; rename one.",
				prev.Name, prev.DeclRange, r.Name, runfile.Part(prev.Name), part, why),
			Subject: r.DeclRange.Ptr(),
		})
	}
	return diags
}
