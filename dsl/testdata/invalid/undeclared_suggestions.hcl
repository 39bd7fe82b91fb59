# An undeclared var or local is named as such, with the nearest declared
# name, and reported once (not also as a value that must be known).
variable "steps" {
  default = 5
}

locals {
  rate = 0.01
}

experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "adam" {
    learning_rate = local.rte * 2
    epochs        = var.stesp
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
