// Package sgd is stochastic gradient descent with PyTorch's torch.optim.SGD
// semantics: optional momentum (dampening 0) or Nesterov momentum
// (Sutskever et al. 2013, "On the importance of initialization and momentum
// in deep learning"), weight decay added to the gradient as an L2 term, full
// batch or shuffled minibatches, and the ReduceLROnPlateau schedule adam
// has. It is the plain gradient baseline beside Adam.
package sgd
