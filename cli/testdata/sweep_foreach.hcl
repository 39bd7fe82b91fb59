# sweep_var.hcl with --var lr=0.01,0.1,1, written as a for_each.
experiment "sweepforeach" {
  seed    = 2
  repeats = 2
}

dataset "d" {
  source        = "diabetes"
  test_fraction = 0.25
}

model "m" {
  hidden = [3]
}

pipeline "adam" {
  for_each = { "0.01" = 0.01, "0.1" = 0.1, "1" = 1 }
  optimizer "adam" {
    learning_rate = each.value
    epochs        = 2
    batch_size    = 100
  }
}

run "adam" {
  for_each = toset(["0.01", "0.1", "1"])
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.adam[each.key]
}
