package nn

// PreActivations exposes layer l's pre-activations from the last Forward so
// that gradient checks can keep away from kinks.
func PreActivations(ws *Workspace, l int) []float64 { return ws.layer(ws.pre, l) }
