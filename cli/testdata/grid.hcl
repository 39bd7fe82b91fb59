# A 3x3 grid: three Adam learning rates by three hidden widths, one run
# instance per pair through setproduct.
experiment "grid" {
  seed    = 3
  repeats = var.repeats
}

variable "repeats" {
  default = 1
}

locals {
  rates  = { slow = 0.001, mid = 0.01, fast = 0.1 }
  widths = { w2 = 2, w3 = 3, w4 = 4 }
}

dataset "d" {
  source        = "diabetes"
  test_fraction = 0.25
}

model "m" {
  for_each = local.widths
  hidden   = [each.value]
}

pipeline "adam" {
  for_each = local.rates
  optimizer "adam" {
    learning_rate = each.value
    epochs        = 2
    batch_size    = 100
  }
}

run "grid" {
  for_each = { for p in setproduct(keys(local.rates), keys(local.widths)) : "${p[0]}-${p[1]}" => p }
  dataset  = dataset.d
  model    = model.m[each.value[1]]
  loss     = "mse"
  pipeline = pipeline.adam[each.value[0]]
}

plot "lr" {
  type = "sweep"
  x    = "optimizer.adam.learning_rate"
  runs = [run.grid]
}
