// Package datasets ships the built-in data sets (diabetes, iris,
// breast_cancer, digits) embedded in the binary, registers them by name, and
// reads user CSV files with errors that name the line and column at fault.
package datasets
