experiment "bad" {
  seed = 1
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
  dataset  = dataset.toy
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}

plot "held_out" {
  type   = "history"
  metric = "test_loss"
}
