experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

variable "widths" {
  description = "no default and not given: its value is unknown"
}

model "m" {
  for_each = var.widths
  hidden   = [each.value]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m["w2"]
  loss     = "mse"
  pipeline = pipeline.p
}
