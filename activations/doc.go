// Package activations provides the hidden-layer nonlinearities a model can
// name (relu, tanh, sigmoid, identity, leaky_relu) and registers them with
// the registry. Each follows PyTorch, including the derivative it uses at a
// kink, so that gradients match a PyTorch reference run.
package activations
