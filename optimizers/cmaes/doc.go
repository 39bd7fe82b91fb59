// Package cmaes is the covariance matrix adaptation evolution strategy.
// By default it is separable CMA-ES (Ros & Hansen 2008, "A simple
// modification in CMA-ES achieving linear time and space complexity"): the
// covariance is diagonal, so a sample costs O(n) time and the state O(n)
// memory, and it runs on nets of 100,000 parameters, with the strategy
// parameters of Hansen's tutorial ("The CMA Evolution Strategy: A
// Tutorial", 2016) and the separable speed-up (n+2)/3 of the covariance
// learning rates. With full = true it is full CMA-ES through gonum's
// CmaEsChol (Krause et al. 2016, a Cholesky-factor update), for small nets.
// One Step is one generation; the location is the best point sampled so
// far, so the loss never rises.
package cmaes
