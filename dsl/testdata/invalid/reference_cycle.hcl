# No reference cycle can exist in an experiment file. A variable's default
# is a constant: it may not refer to any variable, itself included (the
# attempts below are each reported where they refer). Blocks refer only
# "down" a fixed order: runs to data sets, models, losses and pipelines,
# which refer to nothing; plots to runs. A block that names one of its own
# kind, or itself, is a reference of the wrong kind.
experiment "bad" {
  seed = 1
}

variable "a" {
  default = var.b
}

variable "b" {
  default = var.a
}

variable "c" {
  default = [var.c]
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
    iterations = 1
  }
}

run "r" {
  dataset  = dataset.toy
  model    = model.m
  loss     = "mse"
  pipeline = run.r
}

plot "p" {
  type = "history"
  runs = [plot.p]
}
