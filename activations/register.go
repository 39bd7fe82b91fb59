package activations

import "github.com/nnexp/nnexp/registry"

func init() {
	registry.RegisterActivation(registry.Activation{Name: "relu", Doc: "max(0, z), derivative 0 at 0 as in PyTorch", Value: ReLU})
	registry.RegisterActivation(registry.Activation{Name: "tanh", Doc: "hyperbolic tangent", Value: Tanh})
	registry.RegisterActivation(registry.Activation{Name: "sigmoid", Doc: "logistic function 1/(1+exp(-z))", Value: Sigmoid})
	registry.RegisterActivation(registry.Activation{Name: "identity", Doc: "no nonlinearity: z unchanged", Value: Identity})
	registry.RegisterActivation(registry.Activation{Name: "step", Doc: "1 for z > 0, else 0 (Heaviside); no gradient: gradient-free optimizers only", Value: Step})
	registry.RegisterActivation(registry.Activation{Name: "sign", Doc: "+1 for z > 0, else -1; no gradient: gradient-free optimizers only", Value: Sign})
	registry.RegisterActivation(registry.Activation{Name: "leaky_relu", Doc: "z for z > 0, else 0.01*z (PyTorch's default slope)", Value: LeakyReLU})
}
