package dsl

import (
	"maps"
	"slices"
	"strconv"
	"testing"
)

// TestDiffering: a path is a column when some instance's value differs
// from another's, or some instance leaves it out, whichever instance that
// is (the first included); a path every instance sets alike is not.
func TestDiffering(t *testing.T) {
	for _, c := range []struct {
		name    string
		members []map[string]string
		want    []string
	}{
		{"one member", []map[string]string{{"a": "1"}}, nil},
		{"same", []map[string]string{{"a": "1", "b": "x"}, {"a": "1", "b": "x"}}, nil},
		{"value differs in the last", []map[string]string{{"a": "1", "b": "x"}, {"a": "1", "b": "x"}, {"a": "2", "b": "x"}}, []string{"a"}},
		{"first leaves one out", []map[string]string{{"a": "1"}, {"a": "1", "b": "x"}}, []string{"b"}},
		{"a later one leaves one out", []map[string]string{{"a": "1", "b": "x"}, {"a": "1", "b": "x"}, {"a": "1"}}, []string{"b"}},
		{"first differs from the rest", []map[string]string{{"a": "0"}, {"a": "1"}, {"a": "1"}}, []string{"a"}},
	} {
		cols := map[string]bool{}
		differing(c.members, cols)
		if got := slices.Sorted(maps.Keys(cols)); !slices.Equal(got, c.want) {
			t.Errorf("%s: columns %v, want %v", c.name, got, c.want)
		}
	}
}

// BenchmarkDiffering: a sweep family of 100,000 instances that differ in
// one of 20 settings; linear in the instances (it was quadratic: 8,000
// instances took 7 s to validate).
func BenchmarkDiffering(b *testing.B) {
	members := make([]map[string]string, 100_000)
	for i := range members {
		m := map[string]string{"rate": strconv.Itoa(i)}
		for k := range 19 {
			m["same"+strconv.Itoa(k)] = "v"
		}
		members[i] = m
	}
	for b.Loop() {
		cols := map[string]bool{}
		differing(members, cols)
		if len(cols) != 1 {
			b.Fatal(cols)
		}
	}
}

// TestKeyListCapped: a diagnostic names up to maxListedKeys keys and
// counts the rest, whatever the size of the for_each.
func TestKeyListCapped(t *testing.T) {
	var keys []string
	for k := range maxListedKeys + 2 {
		keys = append(keys, strconv.Itoa(k))
	}
	if got, want := keyList(keys[:2]), `"0", "1"`; got != want {
		t.Errorf("two keys: %s, want %s", got, want)
	}
	if got, want := keyList(keys), `"0", "1", "2", "3", "4", "5", "6", "7", "8", "9" and 2 more`; got != want {
		t.Errorf("%d keys: %s, want %s", len(keys), got, want)
	}
}
