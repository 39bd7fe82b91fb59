# Whole numbers past every limit say so, short, not "must be a whole number".
experiment "x" {
  repeats = 1e400
}
dataset "d" { source = "iris" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" { iterations = 1 }
}
run "r" {
  dataset         = dataset.d
  model           = model.m
  loss            = "cross_entropy"
  pipeline        = pipeline.p
  max_evaluations = 1e300
}
