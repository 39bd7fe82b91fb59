# The test CSV holds a class (medium) that the training CSV lacks: only its rows show it.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "csv"
  path   = "text_target.csv"
  test {
    path = "medium_grade.csv"
  }
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
