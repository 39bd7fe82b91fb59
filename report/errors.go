package report

import (
	"fmt"
	"strings"
)

// wrap prefixes err with the package name unless it already has it.
func wrap(err error) error {
	if err == nil || strings.HasPrefix(err.Error(), "report: ") {
		return err
	}
	return fmt.Errorf("report: %w", err)
}
