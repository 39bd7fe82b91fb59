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

# Below one pass: the start point's evaluation alone would pass it.
run "r2" {
  max_cost = 0.5
  dataset  = dataset.toy
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
