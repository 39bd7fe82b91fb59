experiment "bad" {
  seed = 1
}

dataset "sugar" {
  source = "diabetes"
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
  dataset  = dataset.sugar
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}

# Diabetes is regression: no accuracy to plot or to reach.
plot "bars" {
  type   = "final_loss"
  metric = "train_accuracy"
}

milestone "ninety" {
  metric = "train_accuracy"
  value  = 0.9
}
