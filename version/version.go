// Package version names this build of nnexp. The version is part of every
// job's content hash, so results cached by one version are never reused by
// another whose numerics may differ; bump it whenever a change alters any
// number a run produces.
package version

import "runtime/debug"

// Version is the nnexp release this source tree is.
const Version = "0.1.0"

// String is Version with the VCS revision the binary was built from, when
// the Go toolchain recorded one ("0.1.0 (a1b2c3d, modified)").
func String() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Version
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return Version
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		return Version + " (" + rev + ", modified)"
	}
	return Version + " (" + rev + ")"
}
