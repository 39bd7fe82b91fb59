package optimize

// FanIn reports how many inputs feed the unit each parameter belongs to,
// so that a method can scale its steps per layer as initialisations do
// (a perturbation of 1/sqrt(fan_in), as random_search's scale = "fan_in").
type FanIn interface {
	// FanIn is the number of inputs of the unit parameter i feeds: a
	// weight's and its unit's bias alike, at least 1 for a parameter in
	// range.
	FanIn(i int) int
}
