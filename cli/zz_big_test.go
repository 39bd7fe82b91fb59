package cli_test

import "testing"

func TestZZBig(t *testing.T) {
	code, out, errs := nnexp(t, "plot", "/tmp/big/out2000")
	t.Log(code, len(out), errs)
}
