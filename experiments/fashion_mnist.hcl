# A real-size task: Fashion-MNIST (60,000 training and 10,000 test images
# of 28 x 28 pixels, 10 classes) from Debian's dataset-fashion-mnist
# package, scored on the official test set. An MLP trained by Adam, and
# logistic regression (a net with no hidden layer) trained by Adam, as the
# gradient baselines.
#
# Needs:    apt-get install dataset-fashion-mnist   (nothing downloads)
# Run it:   go run ./cmd/nnexp run experiments/fashion_mnist.hcl
# Results:  results/fashion_mnist/ (summary.csv: test_accuracy, cost, ...)

experiment "fashion_mnist" {
  description = "Fashion-MNIST, official test set: 784-64-10 MLP and logistic regression by Adam"
  seed        = 1
  repeats     = var.repeats
}

variable "repeats" {
  default     = 1
  description = "Paired repeats (initial parameters) per run"
}

variable "epochs" {
  default     = 10
  description = "Adam epochs over the 60,000 training images"
}

variable "data" {
  default     = "/usr/share/datasets/fashion-mnist"
  description = "Folder of the four IDX files (Debian's dataset-fashion-mnist)"
}

dataset "fashion" {
  source = "idx"
  images = "${var.data}/train-images-idx3-ubyte.gz"
  labels = "${var.data}/train-labels-idx1-ubyte.gz"
  scale  = 1 / 255 # pixel bytes to [0, 1]
  test {
    images = "${var.data}/t10k-images-idx3-ubyte.gz"
    labels = "${var.data}/t10k-labels-idx1-ubyte.gz"
  }
}

model "mlp" {
  hidden     = [64]
  activation = "relu"
}

# No hidden layer: the outputs are a linear function of the pixels, and
# softmax cross-entropy makes it multinomial logistic regression.
model "linear" {
  hidden = []
}

pipeline "adam" {
  optimizer "adam" {
    learning_rate = 0.001
    batch_size    = 128
    epochs        = var.epochs
  }
}

run "adam" {
  dataset  = dataset.fashion
  model    = model.mlp
  loss     = "cross_entropy"
  pipeline = pipeline.adam
}

run "logistic" {
  dataset  = dataset.fashion
  model    = model.linear
  loss     = "cross_entropy"
  pipeline = pipeline.adam
}
