package cli

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// applyDiff applies a unified diff of unifiedDiff to a, as patch would,
// checking every context and deleted line against a.
func applyDiff(t *testing.T, a, diff string) string {
	t.Helper()
	al := splitLines(a)
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "--- old/") || !strings.HasPrefix(lines[1], "+++ new/") {
		t.Fatalf("bad header:\n%s", diff)
	}
	var out []string
	pos := 0 // next line of a to copy
	var last *string
	for _, l := range lines[2:] {
		switch {
		case l == "":
		case strings.HasPrefix(l, "@@ "):
			var as, bs string
			if _, err := fmt.Sscanf(l, "@@ -%s +%s @@", &as, &bs); err != nil {
				t.Fatalf("bad hunk header %q", l)
			}
			start, _, _ := strings.Cut(as, ",")
			n, _ := strconv.Atoi(start)
			if !strings.HasSuffix(as, ",0") {
				n-- // 1-based, except for an empty range
			}
			if n < pos {
				t.Fatalf("hunks overlap or go back: %q at line %d", l, pos)
			}
			out = append(out, al[pos:n]...)
			pos = n
		case l == "\\ No newline at end of file\n":
			*last = strings.TrimSuffix(*last, "\n")
		case l[0] == ' ' || l[0] == '-':
			if pos >= len(al) || strings.TrimSuffix(al[pos], "\n") != strings.TrimSuffix(l[1:], "\n") {
				t.Fatalf("line %d of a is %q, the diff says %q", pos+1, al[pos], l)
			}
			if l[0] == ' ' {
				out = append(out, l[1:])
				last = &out[len(out)-1]
			} else {
				s := l[1:]
				last = &s
			}
			pos++
		case l[0] == '+':
			out = append(out, l[1:])
			last = &out[len(out)-1]
		default:
			t.Fatalf("bad diff line %q", l)
		}
	}
	return strings.Join(append(out, al[pos:]...), "")
}

// splitLines splits s after each newline, keeping it, so that a last line
// without one differs from the same line with one.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// lcs is the length of a longest common subsequence, by dynamic
// programming: a shortest edit script deletes and inserts exactly the
// lines outside one.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func randomText(r *rand.Rand, lines int) string {
	var b strings.Builder
	for range lines {
		b.WriteString(string(rune('a' + r.IntN(4))))
		b.WriteByte('\n')
	}
	s := b.String()
	if r.IntN(4) == 0 {
		s = strings.TrimSuffix(s, "\n")
	}
	return s
}

func TestUnifiedDiffAppliesAndIsShortest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		a, b := randomText(r, r.IntN(30)), randomText(r, r.IntN(30))
		var out strings.Builder
		if err := unifiedDiff(&out, "f.hcl", a, b); err != nil {
			t.Fatal(err)
		}
		if a == b {
			if out.Len() != 0 {
				t.Fatalf("equal texts gave a diff:\n%s", out.String())
			}
			continue
		}
		if got := applyDiff(t, a, out.String()); got != b {
			t.Fatalf("case %d: applying the diff of\n%q\nto\n%q\ngives\n%q\ndiff:\n%s", i, a, b, got, out.String())
		}
		al, bl := splitLines(a), splitLines(b)
		changes := 0
		for _, l := range strings.Split(out.String(), "\n")[2:] {
			if strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+") {
				changes++
			}
		}
		if want := len(al) + len(bl) - 2*lcs(al, bl); changes != want {
			t.Fatalf("case %d: %d changed lines, a shortest script has %d", i, changes, want)
		}
	}
}

func TestUnifiedDiffFormat(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"", "x\n", "@@ -0,0 +1 @@\n+x\n"},
		{"x\n", "", "@@ -1 +0,0 @@\n-x\n"},
		{"x", "x\n", "@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n"},
		// Changes seven lines apart share a hunk; eight apart do not.
		{"1\n2\n3\n4\n5\n6\n7\n8\n", "0\n2\n3\n4\n5\n6\n7\n9\n", "@@ -1,8 +1,8 @@\n-1\n+0\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+9\n"},
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n", "0\n2\n3\n4\n5\n6\n7\n8\nX\n", "@@ -1,4 +1,4 @@\n-1\n+0\n 2\n 3\n 4\n@@ -6,4 +6,4 @@\n 6\n 7\n 8\n-9\n+X\n"},
	} {
		var out strings.Builder
		if err := unifiedDiff(&out, "f", c.a, c.b); err != nil {
			t.Fatal(err)
		}
		want := "--- old/f\n+++ new/f\n" + c.want
		if out.String() != want {
			t.Errorf("diff of %q and %q:\n%s\nwant:\n%s", c.a, c.b, out.String(), want)
		}
	}
}

// Files further apart than the search's memory bound still get a correct
// diff.
func TestUnifiedDiffLargeFiles(t *testing.T) {
	var a, b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&a, "a%d\n", i)
		fmt.Fprintf(&b, "b%d\n", i)
	}
	var out strings.Builder
	if err := unifiedDiff(&out, "big", a.String(), b.String()); err != nil {
		t.Fatal(err)
	}
	if got := applyDiff(t, a.String(), out.String()); got != b.String() {
		t.Errorf("the diff of two large files does not apply")
	}
}
