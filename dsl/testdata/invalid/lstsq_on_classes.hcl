# mse on classes is the error against one-hot targets, which lstsq's
# least-squares output layer does not solve: plan says so at the loss.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "iris"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "lstsq" {}
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
