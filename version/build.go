package version

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"sync"
)

// Build is the sha256 (hex) of the running executable, or "" when it
// cannot be read. It keys stored results to the code that computed them:
// a job stored by one build is not reused by another (runner.Options.Build),
// so changing an optimizer in a custom binary and rebuilding re-runs its
// jobs, while running the same binary again reuses them. Go builds are
// reproducible, so rebuilding unchanged source with the same toolchain and
// flags gives the same digest; a binary stamped with a VCS revision (go
// build inside a repository) changes with every commit, `go run` and
// `go build -buildvcs=false` do not. Hashing a 20 MB binary takes tens of
// milliseconds, once per process.
var Build = sync.OnceValue(func() string {
	// /proc/self/exe is the file this process runs, even if a rebuild
	// has replaced the path since; os.Executable would name the new file.
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		path, perr := os.Executable()
		if perr != nil {
			return ""
		}
		if f, err = os.Open(path); err != nil {
			return ""
		}
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})
