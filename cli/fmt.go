package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/nnexp/nnexp/dsl"

	"github.com/nnexp/nnexp/internal/atomicfile"
)

// fmtCommand rewrites HCL files in the canonical layout of hclwrite.Format,
// the one terraform fmt and packer fmt produce, so that experiment files
// diff cleanly and read alike. A file that does not parse is reported and
// left alone, since formatting broken syntax could move the mistake; the
// other files are still formatted. PATH - formats standard input to
// standard output, for editors, as terraform fmt - does.
func fmtCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := newFlagSet("fmt", "fmt [--check] [--diff] [--recursive] [PATH ... | -]", stderr)
	check := fset.Bool("check", false, "change nothing: list the files that are not formatted, exit 3 if there are any")
	diff := fset.Bool("diff", false, "print each change as a unified diff instead of the file's name")
	recursive := fset.Bool("recursive", false, "in a folder PATH, format the .hcl files of its subfolders too")
	paths, err := parseInterspersed(fset, args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitUsage
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		if p == "-" && len(paths) > 1 {
			fmt.Fprintln(stderr, "nnexp fmt: - (standard input) must be the only PATH")
			return ExitUsage
		}
	}
	if paths[0] == "-" {
		return fmtStdin(stdin, *check, *diff, stdout, stderr)
	}

	files, failed := fmtTargets(paths, *recursive, stderr)
	parser := hclparse.NewParser()
	unformatted := false
	for _, file := range files {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "nnexp fmt: interrupted; the files not listed above were not formatted")
			return ExitInterrupted
		}
		changed, ok := fmtFile(parser, file, !*check, *diff, stdout, stderr)
		failed = failed || !ok
		unformatted = unformatted || changed
	}
	switch {
	case failed:
		return ExitFailure
	case *check && unformatted:
		return ExitUnformatted
	}
	return ExitOK
}

// fmtTargets lists the files to format: a file PATH as it is, whatever its
// extension; a folder's *.hcl files in name order, and with recursive
// those of its subfolders, leaving out hidden ones (.git). A path that
// cannot be read is reported and skipped.
func fmtTargets(paths []string, recursive bool, stderr io.Writer) (files []string, failed bool) {
	seen := map[string]bool{}
	add := func(f string) {
		if clean := filepath.Clean(f); !seen[clean] {
			seen[clean] = true
			files = append(files, f)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			fmt.Fprintf(stderr, "nnexp fmt: %v\n", err)
			failed = true
			continue
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && (!recursive || strings.HasPrefix(d.Name(), ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(d.Name(), ".hcl") && d.Type().IsRegular() {
				add(path)
			}
			return nil
		})
		if err != nil {
			fmt.Fprintf(stderr, "nnexp fmt: %v\n", err)
			failed = true
		}
	}
	return files, failed
}

// fmtFile formats one file: it prints its name (or, with diff, the diff)
// when the file is not formatted, and rewrites it when write is set.
// changed says the file was not formatted; ok is false when it could not
// be read, parsed or written.
func fmtFile(parser *hclparse.Parser, file string, write, diff bool, stdout, stderr io.Writer) (changed, ok bool) {
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "nnexp fmt: %v\n", err)
		return false, false
	}
	if !parseForFmt(parser, file, src, stderr) {
		return false, false
	}
	out := hclwrite.Format(src)
	if bytes.Equal(out, src) {
		return false, true
	}
	if diff {
		err = unifiedDiff(stdout, filepath.ToSlash(file), string(src), string(out))
	} else {
		_, err = fmt.Fprintln(stdout, file)
	}
	if err != nil {
		fmt.Fprintf(stderr, "nnexp fmt: %v\n", err)
		return true, false
	}
	if write {
		if err := replaceFile(file, out); err != nil {
			fmt.Fprintf(stderr, "nnexp fmt: %v\n", err)
			return true, false
		}
	}
	return true, true
}

// parseForFmt reports whether src is HCL that fmt can format, printing
// why not: it is not text (refused before the parser, which on a binary
// ran for minutes and printed megabytes), or it does not parse.
func parseForFmt(parser *hclparse.Parser, name string, src []byte, stderr io.Writer) bool {
	diags := dsl.CheckText(name, src)
	if !diags.HasErrors() {
		_, diags = parser.ParseHCL(src, name)
	}
	if diags.HasErrors() {
		writeCapped(hcl.NewDiagnosticTextWriter(stderr, parser.Files(), 0, false), diags, stderr)
		fmt.Fprintf(stderr, "nnexp: %s: %s\n", name, plural(len(diags.Errs()), "error"))
		return false
	}
	return true
}

// stdinName names standard input in diagnostics and diffs.
const stdinName = "<stdin>"

// fmtStdin formats standard input: it prints the formatted source, or
// with diff the diff, or with check nothing, and exits 3 under check when
// the input was not formatted. Input that does not parse is reported and
// not printed.
func fmtStdin(stdin io.Reader, check, diff bool, stdout, stderr io.Writer) int {
	src, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "nnexp fmt: reading standard input: %v\n", err)
		return ExitFailure
	}
	if !parseForFmt(hclparse.NewParser(), stdinName, src, stderr) {
		return ExitFailure
	}
	out := hclwrite.Format(src)
	changed := !bytes.Equal(out, src)
	switch {
	case diff && changed:
		err = unifiedDiff(stdout, stdinName, string(src), string(out))
	case !diff && !check:
		_, err = stdout.Write(out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "nnexp fmt: %v\n", err)
		return ExitFailure
	}
	if check && changed {
		return ExitUnformatted
	}
	return ExitOK
}

// replaceFile writes data to path atomically (atomicfile.Write), so that
// an interrupted fmt leaves the old file or the new one, never half of
// one; the file keeps its permissions. A symbolic link is followed, as a
// plain write would: renaming over the link itself would turn it into a
// copy and leave its target unformatted.
func replaceFile(path string, data []byte) (err error) {
	if path, err = filepath.EvalSymlinks(path); err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, info.Mode().Perm(), func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
