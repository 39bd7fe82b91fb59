# lr is swept from the command line: --var lr=0.01,0.1,1.
experiment "sweepvar" {
  seed    = 2
  repeats = 2
}

variable "lr" {
  default = 0.1
  sweep   = true
}

dataset "d" {
  source        = "diabetes"
  test_fraction = 0.25
}

model "m" {
  hidden = [3]
}

pipeline "adam" {
  optimizer "adam" {
    learning_rate = var.lr
    epochs        = 2
    batch_size    = 100
  }
}

run "adam" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.adam
}
