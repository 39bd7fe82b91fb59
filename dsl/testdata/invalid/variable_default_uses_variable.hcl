experiment "bad" {
  seed = 1
}

variable "steps" {
  default = 5
}

variable "iterations" {
  default = var.steps
}

dataset "toy" {
  source = "csv"
  path   = "toy.csv"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "search" {
    weight_steps = var.steps
    iterations   = var.iterations
  }
}

run "r" {
  dataset  = dataset.toy
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
