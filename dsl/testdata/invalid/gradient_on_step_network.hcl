experiment "step" {}

dataset "toy" {
  source = "csv"
  path   = "toy.csv"
}

model "m" {
  hidden     = [4, 3]
  activation = ["relu", "step"]
}

pipeline "p" {
  optimizer "adam" {}
}

run "r" {
  dataset  = dataset.toy
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
