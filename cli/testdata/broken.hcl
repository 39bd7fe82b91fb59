experiment "broken" {}

dataset "d" {
  source = "diabets"
}

model "m" {
  hidden = [0]
}

pipeline "p" {
  optimizer "serch" {}
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
