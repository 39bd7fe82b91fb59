experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [2]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}

plot "t" {
  type = "sweep"
}

plot "u" {
  type  = "final_loss"
  log_x = true
}

plot "w" {
  type  = "history"
  log_x = true
}

plot "v" {
  type  = "sweep"
  x     = "model.hidden"
  log_x = "yes"
}
