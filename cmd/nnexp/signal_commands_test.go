package main

import (
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestEveryCommandHonoursSignals: validate and fmt used to hold Ctrl-C and
// SIGTERM and go on (kill -9 was the only way out), and run while loading. Each is started
// reading a standard input that never ends, signalled, and must exit with
// status 130 promptly.
func TestEveryCommandHonoursSignals(t *testing.T) {
	bin := build(t)
	for _, c := range []struct {
		args []string
		sig  syscall.Signal
	}{
		{[]string{"validate", "/dev/stdin"}, syscall.SIGINT},
		{[]string{"validate", "/dev/stdin"}, syscall.SIGTERM},
		{[]string{"fmt", "-"}, syscall.SIGINT},
		// run while it reads its file, before any job: it has nothing
		// to keep, and used to cancel jobs that had not started and go on
		// loading (for minutes, on a file that asks for much).
		{[]string{"run", "/dev/stdin", "--out", t.TempDir()}, syscall.SIGINT},
		{[]string{"run", "/dev/stdin", "--out", t.TempDir()}, syscall.SIGTERM},
	} {
		cmd := exec.Command(bin, c.args...)
		stdin, err := cmd.StdinPipe() // held open: the command waits for more
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		if err := cmd.Process.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 130 {
				t.Errorf("nnexp %q after %v: %v, want exit 130", c.args, c.sig, err)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Errorf("nnexp %q ignored %v", c.args, c.sig)
		}
		stdin.Close()
	}
}
