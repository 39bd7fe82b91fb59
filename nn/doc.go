// Package nn holds the numerical core that every other package shares: the
// Activation and Loss contracts, the Data a model trains on, the MLP with its
// flat parameter layout and exact backward pass, and Objective, which turns a
// model, data and loss into an optimize.Problem whose ScoreCoordinate scores
// a whole grid of values for one parameter from cached activations, bit for
// bit as Func would choose (unitCache; the paths are in score.go, bulk*.go,
// incremental.go and exact_eval.go).
package nn
