package losses

import "github.com/nnexp/nnexp/registry"

func init() {
	registry.RegisterLoss(registry.Loss{Name: "mse", Doc: "mean squared error (PyTorch MSELoss); on classes, against one-hot targets",
		New: func() registry.LossConfig { return &MSE{} }})
	registry.RegisterLoss(registry.Loss{Name: "mae", Doc: "mean absolute error (PyTorch L1Loss); on classes, against one-hot targets",
		New: func() registry.LossConfig { return &MAE{} }})
	registry.RegisterLoss(registry.Loss{Name: "huber", Doc: "Huber loss with threshold delta, default 1 (PyTorch HuberLoss)",
		New: func() registry.LossConfig { return &Huber{Delta: 1} }})
	registry.RegisterLoss(registry.Loss{Name: "cross_entropy", Doc: "softmax cross-entropy on class indices (PyTorch CrossEntropyLoss)",
		New: func() registry.LossConfig { return &CrossEntropy{} }})
	registry.RegisterLoss(registry.Loss{Name: "zero_one", Doc: "misclassification rate; not differentiable, for gradient-free optimizers only",
		New: func() registry.LossConfig { return &ZeroOne{} }})
}
