# Weights restricted to {-1, 0, 1}: a network no gradient method can train
# as it stands (its weights cannot move by small steps), against a float
# network of the same shape trained by Adam. Digits (8x8 images, 10
# classes), standardized, 30% held out, paired starts.
#
#   go run ./cmd/nnexp run experiments/ternary.hcl

experiment "ternary" {
  description = "Ternary weights by search against float weights by Adam on digits"
  seed        = 1
  repeats     = var.repeats
}

variable "repeats" {
  default     = 5
  description = "paired repeats per run"
}

dataset "digits" {
  source        = "digits"
  test_fraction = 0.3
  standardize   = true
}

model "mlp" {
  hidden = [16]
}

# Every weight in {-1, 0, 1}; the biases on a grid, since a unit needs a
# threshold finer than a whole input to be useful.
pipeline "ternary" {
  optimizer "search" {
    weight_values = [-1, 0, 1]
    bias_range    = [-4, 4]
    bias_steps    = 33
    iterations    = 15
  }
}

pipeline "float" {
  optimizer "adam" {
    learning_rate = 0.01
    epochs        = 200
    batch_size    = 64
  }
}

run "ternary_search" {
  dataset  = dataset.digits
  model    = model.mlp
  loss     = "cross_entropy"
  pipeline = pipeline.ternary
}

run "float_adam" {
  dataset  = dataset.digits
  model    = model.mlp
  loss     = "cross_entropy"
  pipeline = pipeline.float
}

plot "test_accuracy" {
  type   = "history"
  metric = "test_accuracy"
  x      = "seconds"
}
