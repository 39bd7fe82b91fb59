experiment "minibatch" {
  seed    = 3
  repeats = 2
}

dataset "d" {
  source        = "diabetes"
  test_fraction = 0.25
}

model "m" {
  hidden = [6]
}

pipeline "per_unit" {
  optimizer "search" {
    weight_steps = 9
    bias_steps   = 9
    iterations   = 3
    tolerance    = 0
    batch_size   = 300
  }
}

pipeline "every" {
  optimizer "search" {
    weight_range = [-2, 2]
    weight_steps = 9
    bias_steps   = 9
    iterations   = 3
    tolerance    = 0
    batch_size   = 40
    batch_every  = 5
  }
}

run "per_unit" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.per_unit
}

run "every" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mae"
  pipeline = pipeline.every
}
