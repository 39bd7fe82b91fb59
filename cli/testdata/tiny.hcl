experiment "tiny" {
  seed    = 2
  repeats = var.repeats
}

variable "repeats" {
  default = 1
}

variable "steps" {
  default = 5
}

dataset "d" {
  source        = "diabetes"
  test_fraction = 0.25
}

model "m" {
  hidden = [3]
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}

pipeline "search" {
  optimizer "search" {
    weight_steps = var.steps
    bias_steps   = var.steps
    iterations   = 2
  }
}

pipeline "adam" {
  optimizer "adam" {
    learning_rate = 0.1
    epochs        = 3
    batch_size    = 100
  }
}

run "search" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.search
}

run "gradient" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.adam
}
