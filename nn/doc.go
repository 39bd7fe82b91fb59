// Package nn is the model that every other package shares: the Activation
// and Loss contracts and the capabilities that opt a component in to fast
// scoring (PiecewiseLinear, SquaredError, ErrorPieces,
// SoftmaxCrossEntropy), the Data a model trains on, and the MLP with its
// flat parameter layout and exact backward pass. It imports only the
// standard library; the objective a method optimizes, and its fast scorer
// of search candidates, are package objective.
package nn
