# A file under /usr/share/datasets/ that is not there: the message says
# which Debian package installs that folder, by its naming.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "/usr/share/datasets/nnexp-no-such/train-images.idx"
  labels = "labels.idx"
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
