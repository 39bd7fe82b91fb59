# A declared local or variable whose object value lacks the attribute
# asked for is HCL's "does not have an attribute", not an undeclared
# name (found by review: local.opt.opt was called undeclared "opt").
experiment "bad" {}

locals {
  opt = { rate = 0.01 }
}

variable "cfg" {
  default = { rate = 0.01 }
}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [2]
}

pipeline "p" {
  optimizer "adam" {
    learning_rate = local.opt.opt
    epochs        = var.cfg.cfg
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
