//go:build unix

package cli_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// chromiumPath is Debian's chromium package, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// chromium is a headless Chromium driven through the DevTools protocol
// over --remote-debugging-pipe: JSON messages ending in a NUL byte, which
// it reads on its file descriptor 3 and writes on 4. A pipe rather than
// chromedp or a debugging port: about a hundred lines instead of a
// dependency tree in go.mod for one test, and no TCP port, so the test
// itself opens no socket.
type chromium struct {
	t      *testing.T
	cmd    *exec.Cmd
	toIt   *os.File
	nextID int
	// messages carries what Chromium writes, read by one goroutine;
	// it is closed when Chromium closes its end.
	messages chan cdpMessage
	// events are the events received so far, for the checks.
	mu     sync.Mutex
	events []cdpMessage
	stderr strings.Builder
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// startChromium starts the browser with a fresh profile. The flags keep it
// off the network: without --disable-background-networking and its
// companions it tries to reach Google's services at start; --no-sandbox
// because tests run as root in CI.
func startChromium(t *testing.T) *chromium {
	t.Helper()
	cmdIn, toIt, err := os.Pipe() // our commands: its fd 3
	if err != nil {
		t.Fatal(err)
	}
	fromIt, cmdOut, err := os.Pipe() // its answers and events: its fd 4
	if err != nil {
		t.Fatal(err)
	}
	c := &chromium{t: t, toIt: toIt, messages: make(chan cdpMessage, 256)}
	c.cmd = exec.Command(chromiumPath,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--mute-audio",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	c.cmd.ExtraFiles = []*os.File{cmdIn, cmdOut}
	// Its own process group, so that a hung browser is ended with its
	// renderer and helper processes.
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.cmd.Stderr = &syncWriter{b: &c.stderr, mu: &c.mu}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmdIn.Close()
	cmdOut.Close()
	go c.read(fromIt)
	t.Cleanup(c.close)
	return c
}

func (c *chromium) read(from *os.File) {
	defer close(c.messages)
	defer from.Close()
	r := bufio.NewReader(from)
	for {
		data, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(data[:len(data)-1], &m) != nil {
			continue
		}
		c.messages <- m
	}
}

// close asks the browser to quit, and kills it if it has not within a
// few seconds.
func (c *chromium) close() {
	if c.cmd.ProcessState == nil {
		fmt.Fprintf(c.toIt, `{"id":%d,"method":"Browser.close"}`+"\x00", c.nextID+1)
	}
	c.toIt.Close()
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

// call sends a command (to the page's session, or to the browser when
// session is "") and returns its result, recording the events that arrive
// meanwhile.
func (c *chromium) call(session, method string, params any, result any) {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := c.toIt.Write(append(data, 0)); err != nil {
		c.t.Fatalf("chromium: sending %s: %v", method, err)
	}
	m := c.await(method, func(m cdpMessage) bool { return m.ID == id })
	if m.Error != nil {
		c.t.Fatalf("chromium: %s: %s", method, m.Error.Message)
	}
	if result != nil {
		if err := json.Unmarshal(m.Result, result); err != nil {
			c.t.Fatalf("chromium: %s: %v", method, err)
		}
	}
}

// await reads messages until one matches, recording every event.
func (c *chromium) await(what string, match func(cdpMessage) bool) cdpMessage {
	c.t.Helper()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case m, ok := <-c.messages:
			if !ok {
				c.mu.Lock()
				defer c.mu.Unlock()
				c.t.Fatalf("chromium: exited while waiting for %s; its stderr:\n%s", what, c.stderr.String())
			}
			if m.Method != "" {
				c.mu.Lock()
				c.events = append(c.events, m)
				c.mu.Unlock()
			}
			if match(m) {
				return m
			}
		case <-timeout:
			c.t.Fatalf("chromium: no %s within 15 s", what)
		}
	}
}

// recorded returns the events received so far with the given method.
func (c *chromium) recorded(method string) []cdpMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []cdpMessage
	for _, e := range c.events {
		if e.Method == method {
			out = append(out, e)
		}
	}
	return out
}

// syncWriter lets the test read Chromium's stderr while it writes it.
type syncWriter struct {
	b  *strings.Builder
	mu *sync.Mutex
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

var _ io.Writer = (*syncWriter)(nil)

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// params decodes an event's parameters, for the checks on their fields.
func params(e cdpMessage) map[string]any {
	var p map[string]any
	json.Unmarshal(e.Params, &p)
	return p
}
