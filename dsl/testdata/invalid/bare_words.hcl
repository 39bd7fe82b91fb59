# Text written without its quotes: each lone word is reported with the
# quoted form, and "each" is not suggested for tanh.
experiment "bare" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden      = [3]
  activation  = tanh
}

pipeline "p" {
  optimizer "adam" {}
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = cross_entropy
  pipeline = pipeline.p
}
