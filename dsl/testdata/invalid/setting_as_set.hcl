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
    weight_range = toset([1, -1])
    bias_range   = toset([1, 1])
    layer {
      index        = 0
      weight_range = toset([2, -2])
    }
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
