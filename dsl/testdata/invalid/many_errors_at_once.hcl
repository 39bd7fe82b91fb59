experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "csv"
  path   = "toy.csv"
}

model "m" {
  hidden     = [0]
  activation = "sigmoidd"
}

pipeline "p" {
  optimizer "search" {
    weight_steps = 1
    tolerance    = -1
  }
  optimizer "adamw" {
  }
}

run "r" {
  dataset  = dataset.toys
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
