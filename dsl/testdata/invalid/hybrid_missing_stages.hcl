experiment "a" {
  seed = 1
}
dataset "d" {
  source = "diabetes"
}
model "m" {
  hidden = [3]
}
pipeline "p" {
  optimizer "hybrid" {
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  pipeline = pipeline.p
  loss     = "mse"
}
