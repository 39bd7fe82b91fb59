# A CSV file named as IDX images: its first bytes are no IDX magic number.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "toy.csv"
  labels = "../idx/labels.idx.gz"
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
