# A local that reads the whole local object, or a local chosen by an
# expression, cannot be ordered among the locals (it once read the locals
# after it as unknown, and the file's runs vanished without an error).
experiment "bad" {
  seed = 1
}

variable "k" {
  default = "epochs"
}

locals {
  all    = local
  chosen = local[var.k]
  epochs = 7
}

dataset "d" {
  source = "iris"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "adam" {
    epochs = local.epochs
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
