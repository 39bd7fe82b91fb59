experiment "two_errors" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "adam" {
    epochs = "many"
  }
}

run "r" {
  dataset  = dataset.diabets
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
