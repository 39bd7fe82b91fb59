experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

locals {
  rates = [0.1, 0.2, 0.1]
}

model "m" {
  hidden = [2]
}

pipeline "adam" {
  for_each = { for r in local.rates : tostring(r) => r }
  optimizer "adam" {
    learning_rate = each.value
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.adam["0.1"]
}
