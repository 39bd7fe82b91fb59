experiment "e" {}

dataset "d" {
  source = "iris"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "search" {}
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}

plot "cost" {
  type = "history"
  x    = "wallclock"
}

plot "bars" {
  type = "final_loss"
  x    = "evaluations"
}
