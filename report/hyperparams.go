package report

import (
	"sort"

	"github.com/nnexp/nnexp/runner"
)

// hyperColumns are the hyperparameter columns of results: every setting
// name any job has, sorted, so that the columns do not depend on the
// order jobs finished in.
func hyperColumns(results []runner.Result) []string {
	seen := map[string]bool{}
	var cols []string
	for _, r := range results {
		for _, s := range runner.SettingsOf(r) {
			if !seen[s.Name] {
				seen[s.Name] = true
				cols = append(cols, s.Name)
			}
		}
	}
	sort.Strings(cols)
	return cols
}

// settingValue is res's value of the setting name, "" (an empty cell:
// the setting does not apply to its run) when it has none.
func settingValue(res runner.Result, name string) string {
	for _, s := range runner.SettingsOf(res) {
		if s.Name == name {
			return s.Value
		}
	}
	return ""
}

// settingValues are res's values of cols, in order.
func settingValues(res runner.Result, cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = settingValue(res, c)
	}
	return out
}
