// Package version names this build of nnexp. The version and the build's
// floating-point arithmetic (Arithmetic) are part of every job's content
// hash, so results cached by one are never reused by another whose numerics
// may differ; bump the version whenever a change alters any number a run
// produces.
package version

import (
	"runtime"
	"runtime/debug"
)

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

// Arithmetic names how this build computes with floats: the architecture
// and its instruction-set level as the build recorded it ("amd64
// GOAMD64=v1"). The same source can round differently under another one
// (GOAMD64=v3 and arm64 may fuse a multiply and an add into one rounding
// that v1 does in two), so it is part of every job's content hash too:
// a results folder moved to another machine is recomputed there, not
// reused.
func Arithmetic() string {
	s := runtime.GOARCH
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return s
	}
	for _, st := range info.Settings {
		switch st.Key {
		case "GOAMD64", "GOARM64", "GOARM", "GO386", "GOPPC64", "GORISCV64", "GOMIPS", "GOMIPS64", "GOWASM":
			s += " " + st.Key + "=" + st.Value
		}
	}
	return s
}
