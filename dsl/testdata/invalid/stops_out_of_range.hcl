experiment "bad" {
  seed        = 1
  max_seconds = 0
  target_accuracy = 2
  max_cost        = -3
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
    weight_steps = 5
  }
}

run "r" {
  max_cost = "a lot"
  dataset  = dataset.toy
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
