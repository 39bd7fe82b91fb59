// Package es is the "es" optimizer: the evolution strategy of Salimans et
// al. 2017 ("Evolution Strategies as a Scalable Alternative to
// Reinforcement Learning", OpenAI). Each generation samples population
// pairs of mirrored Gaussian perturbations θ ± σε, ranks their losses
// (centred ranks, so the estimate ignores the losses' scale and outliers),
// turns the ranks into a gradient estimate and feeds it, with optional
// weight decay, to an Adam or SGD update of the mean θ. The loss after a
// generation is the mean's, which nothing in ES reads, so the runner
// evaluates it (optimize.LeavesLoss) and a generation costs the
// 2·population evaluations of the perturbations; it may rise from one
// generation to the next, as the mean is not kept only when it improves.
package es
