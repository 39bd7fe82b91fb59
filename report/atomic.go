package report

import (
	"encoding/json"
	"io"

	"github.com/nnexp/nnexp/internal/atomicfile"
)

// writeFileAtomic writes an output file atomically (see atomicfile.Write),
// as readable as any file the user creates, so that a viewer refreshing a
// plot or a script polling for summary.csv never reads half a file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	return wrap(atomicfile.Write(path, 0o644, write))
}

// writeJSONAtomic writes v as indented JSON ending in a newline to path,
// atomically (see writeFileAtomic).
func writeJSONAtomic(path string, v any, indent string) error {
	data, err := json.MarshalIndent(v, "", indent)
	if err != nil {
		return wrap(err)
	}
	data = append(data, '\n')
	return writeFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
