// Package datasets ships the built-in data sets (diabetes, iris,
// breast_cancer, digits) embedded in the binary, registers them by name,
// reads user CSV files with errors that name the line and column at fault,
// and reads IDX files (MNIST's and Fashion-MNIST's format, gzip-compressed
// or not) with errors that name the file and what its header declares.
package datasets
