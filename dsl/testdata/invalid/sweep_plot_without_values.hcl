# A sweep plot over a sweep variable that the command line has not given
# several values: the diagnostic says how to give them.
experiment "lr" {}

variable "lr" {
  default = 0.01
  sweep   = true
}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [3]
}

pipeline "adam" {
  optimizer "adam" {
    learning_rate = var.lr
  }
}

run "adam" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.adam
}

plot "lr" {
  type = "sweep"
  x    = "optimizer.adam.learning_rate"
}
