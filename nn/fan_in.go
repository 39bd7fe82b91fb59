package nn

// FanIn is the number of inputs of the unit parameter i feeds (its layer's
// input width), for weights and biases alike; 0 when i is out of range.
func (m *MLP) FanIn(i int) int {
	l, _ := m.Locate(i)
	if l < 0 {
		return 0
	}
	return m.Sizes[l]
}
