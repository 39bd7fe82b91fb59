# The research notebook's comparison, as an nnexp experiment: train the same
# small network on scikit-learn's diabetes data by coordinate grid search, by
# Adam, and by search followed by Adam, starting every method from the same
# initial parameters so the comparison is paired.
#
# Run it:   go run ./cmd/nnexp run experiments/compare.hcl
# Results:  results/compare/ (history.csv, summary.csv, *.png)
# Try:      go run ./cmd/nnexp run experiments/compare.hcl --var repeats=5

# One experiment block per file. Its name names the output folder.
experiment "compare" {
  description = "Grid search vs Adam vs hybrid on diabetes (10-5-4-1, MSE)"
  # The seed fixes each repeat's initial parameters; repeat r uses seed + r.
  seed    = 1
  repeats = var.repeats
}

# Variables can be set from the command line: --var repeats=5
variable "repeats" {
  default     = 1
  description = "How many paired repeats (different initial parameters) per run"
}

variable "iterations" {
  default     = 30
  description = "Search sweeps and Adam epochs, as in the notebook"
}

# A built-in data set: 442 rows, 10 standardised features, target 25..346.
# (source = "csv" with path = "my.csv" reads your own data instead.)
dataset "diabetes" {
  source = "diabetes"
}

# 10 inputs (from the data) -> 5 -> 4 -> 1 output, ReLU after each hidden
# layer, every weight and bias drawn uniformly from [-5, 5] as in the notebook.
model "mlp" {
  hidden     = [5, 4]
  activation = "relu"
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}

# A pipeline is one or more optimizer blocks applied in turn to the same
# parameters. The label is the optimizer's registered name (`nnexp list`).
pipeline "search" {
  # Coordinate grid search: for each weight and bias in turn, try every grid
  # value, keep the best; one iteration sweeps every parameter once.
  optimizer "search" {
    weight_range = [-5, 5]
    weight_steps = 100
    bias_range   = [-5, 5]
    bias_steps   = 100
    iterations   = var.iterations
    tolerance    = 1e-6 # stop when a sweep improves the loss by less
  }
}

pipeline "adam" {
  optimizer "adam" {
    learning_rate = 0.1
    epochs        = var.iterations
    # Full batch (no batch_size); divide the learning rate by 10 after
    # 5 epochs without improvement, like PyTorch's ReduceLROnPlateau.
    plateau {
      factor   = 0.1
      patience = 5
    }
  }
}

# hybrid is one optimizer made of two stages: search, then Adam.
pipeline "hybrid" {
  optimizer "hybrid" {
    search {
      iterations = var.iterations
    }
    adam {
      learning_rate = 0.1
      epochs        = var.iterations
      plateau {
        factor   = 0.1
        patience = 5
      }
    }
  }
}

# A run pairs a data set, a model, a loss and a pipeline. Runs that share a
# model start each repeat from identical parameters.
run "search" {
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.search
}

run "gradient" {
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.adam
}

run "hybrid" {
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.hybrid
}

# history.png, history_<run>.png and final_loss.png are always written;
# plot blocks add more (or replace one by naming its file).
plot "history_log" {
  type  = "history"
  runs  = [run.search, run.gradient, run.hybrid]
  title = "Training loss (log scale)"
  log_y = true
}

# The same curves against what they cost, in forward passes over the
# training data: the work each method actually did (cost in history.csv).
# One search sweep scores 8,400 candidates here but, rescoring only what a
# candidate changes, costs about 30 passes; one Adam epoch costs about 2.5
# (a forward and a backward pass). x = "evaluations" would count each
# candidate as a whole pass. A log axis keeps both readable.
plot "history_cost" {
  type  = "history"
  x     = "cost"
  title = "Training loss by cost"
  log_y = true
}

# The notebook's Adam ended at a training MSE of 3203. What does each
# method cost to get there, and on how many starts does it? (The run
# still goes on to its 30 sweeps or epochs; milestone_stats.csv.)
milestone "notebook_adam" {
  metric = "train_loss"
  value  = 3203
}
