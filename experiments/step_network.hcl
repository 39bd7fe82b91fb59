# A network that only gradient-free methods can train: its hidden units are
# Heaviside steps, whose gradient is zero wherever it exists, so adam, sgd
# and lbfgs are refused at validate time (see the README). Breast cancer,
# standardized, 30% held out, a 30-8-2 net, paired starts.
#
#   go run ./cmd/nnexp run experiments/step_network.hcl

experiment "step_network" {
  description = "Step units: search and the other gradient-free methods on breast_cancer"
  seed        = 1
  repeats     = var.repeats
}

variable "repeats" {
  default     = 10
  description = "paired repeats per run"
}

dataset "breast_cancer" {
  source        = "breast_cancer"
  test_fraction = 0.3
  standardize   = true
}

model "step" {
  hidden     = [8]
  activation = "step"
  init {
    weights = [-1, 1]
    biases  = [-1, 1]
  }
}

pipeline "search" {
  optimizer "search" {
    weight_range = [-2, 2]
    bias_range   = [-2, 2]
    weight_steps = 21
    bias_steps   = 21
    iterations   = 10
  }
}

pipeline "random_search" {
  optimizer "random_search" {
    sigma      = 0.5
    iterations = 10
  }
}

pipeline "cmaes" {
  optimizer "cmaes" { generations = 300 }
}

pipeline "es" {
  optimizer "es" { generations = 300 }
}

run "search" {
  dataset  = dataset.breast_cancer
  model    = model.step
  loss     = "cross_entropy"
  pipeline = pipeline.search
}

run "random_search" {
  dataset  = dataset.breast_cancer
  model    = model.step
  loss     = "cross_entropy"
  pipeline = pipeline.random_search
}

run "cmaes" {
  dataset  = dataset.breast_cancer
  model    = model.step
  loss     = "cross_entropy"
  pipeline = pipeline.cmaes
}

run "es" {
  dataset  = dataset.breast_cancer
  model    = model.step
  loss     = "cross_entropy"
  pipeline = pipeline.es
}

plot "test_accuracy_by_cost" {
  type   = "history"
  x      = "cost"
  metric = "test_accuracy"
  title  = "Test accuracy by cost (forward passes)"
}

plot "data_profile" {
  type = "data_profile"
  tau  = 0.01
}

plot "performance_profile" {
  type = "performance_profile"
  tau  = 0.01
}

plot "critical_difference" {
  type   = "critical_difference"
  metric = "test_accuracy"
}
