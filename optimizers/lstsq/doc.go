// Package lstsq is a pipeline stage that sets a model's output layer to the
// (ridge) least-squares fit of the targets on the last hidden layer's
// activations at the current parameters, in one step, under the mean
// squared error. This is the least-squares half of LSGD (Cyr et al. 2019,
// "Robust training and initialization of deep neural networks: an adaptive
// basis viewpoint"): the hidden layers are an adaptive basis and the
// output layer is their optimal linear combination, so it can start a
// gradient method from a better point or finish a search.
package lstsq
