// Package losses provides the losses an experiment can name (mse, mae,
// huber, cross_entropy, zero_one) and registers them with the registry. Each
// type is both its own settings (decoded from `hcl` tags by the experiment
// loader, so this package never imports HCL) and the nn.Loss it configures;
// values follow PyTorch's mean reduction.
package losses
