// Package adam is the Adam optimizer with PyTorch's torch.optim.Adam
// semantics (bias-corrected moments, no weight decay), full-batch or on
// shuffled minibatches, with an optional ReduceLROnPlateau schedule. It is
// the gradient baseline that search is compared against.
package adam
