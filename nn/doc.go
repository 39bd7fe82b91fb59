// Package nn holds the numerical core that every other package shares: the
// Activation and Loss contracts, the Data a model trains on, the MLP with its
// flat parameter layout and exact backward pass, and Objective, which turns a
// model, data and loss into an optimize.Problem.
package nn
