// Package atomicfile replaces files atomically: the new content goes to a
// temporary file in the same folder, which is synced and renamed into
// place. The report's output files and nnexp fmt's rewrites both go
// through it, so a reader never sees half a file.
package atomicfile
