// Package randomsearch is the "random_search" optimizer: RSO, the
// gradient-free sampling method of Tripathi & Singh 2020 ("RSO: A Gradient
// Free Sampling Based Approach For Training Deep Neural Networks"). Each
// sweep visits every parameter in the search's layer order, draws one
// Gaussian perturbation d for it (optionally scaled by 1/sqrt(fan_in) of its
// layer), tries w+d and w−d, and keeps the better of the two only if it
// lowers the loss; so on the full data the loss never increases. With
// batch_size the two candidates and the current value are compared on a
// fresh random minibatch per parameter, as RSO does, and the sweep may then
// raise the full-data loss.
package randomsearch
