experiment "sig" { seed = 3 }
dataset "d" { source = "diabetes" }
model "m" { hidden = [5, 4] }
pipeline "quick" {
  optimizer "search" {
    weight_steps = 5
    bias_steps   = 5
    iterations   = 1
  }
}
pipeline "slow" {
  optimizer "adam" {
    learning_rate = 0.01
    epochs        = 20000
    batch_size    = 32
  }
}
run "quick" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.quick
}
run "slow" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.slow
}
