experiment "pipe" {
  seed    = 3
  repeats = 4
}
dataset "d" { source = "diabetes" }
model "m" { hidden = [5, 4] }
pipeline "p" {
  optimizer "adam" {
    learning_rate = 0.01
    epochs        = 300
    batch_size    = 32
  }
}
run "adam" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
