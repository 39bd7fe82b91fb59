package registry

import "testing"

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"kitten", "sitting", 3}, // k->s, e->i, +g
		{"flaw", "lawn", 2},      // -f, +n
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"same", "same", 0},
		{"serach", "search", 2}, // a transposition costs two substitutions
		{"abc", "abd", 1},
		{"abc", "xabc", 1},
		{"intention", "execution", 5},
	}
	for _, c := range cases {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := editDistance(c.b, c.a); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d (not symmetric)", c.b, c.a, got, c.want)
		}
	}
}

func TestTableRegisterLookup(t *testing.T) {
	// A private table starts empty, so its messages are exact.
	tab := table[int]{kind: "widget"}
	if got := tab.names(); len(got) != 0 {
		t.Errorf("empty table lists %v", got)
	}
	if _, err := tab.lookup("gear"); err == nil || err.Error() != `unknown widget "gear" (forgotten import?)` {
		t.Errorf("lookup in an empty table: %v", err)
	}
	tab.register("gear", 1)
	tab.register("cog", 2)
	if v, err := tab.lookup("cog"); v != 2 || err != nil {
		t.Errorf("lookup(cog) = %d, %v", v, err)
	}
	if got := tab.names(); len(got) != 2 || got[0] != "cog" || got[1] != "gear" {
		t.Errorf("names = %v, want [cog gear]", got)
	}
	if _, err := tab.lookup("geer"); err == nil || err.Error() != `unknown widget "geer" (did you mean "gear"?)` {
		t.Errorf("lookup(geer): %v", err)
	}
}
