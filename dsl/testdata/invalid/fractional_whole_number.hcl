# A fractional value for a whole-number setting: no int64 limits in the
# message, which are not the setting's range.
experiment "frac" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [3]
}

pipeline "adam" {
  optimizer "adam" {
    epochs = 1.5
  }
}

run "adam" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.adam
}
