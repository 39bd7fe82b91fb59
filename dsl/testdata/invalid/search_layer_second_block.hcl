# The mistake is in the second layer block: the diagnostic points there,
# not at the first block's valid weight_steps.
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
  optimizer "search" {
    layer {
      index        = 0
      weight_steps = 5
    }
    layer {
      index        = 1
      weight_steps = 1
    }
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
