# The field: every built-in optimizer, and the pipelines search -> lstsq and
# sgd -> search, on a regression task (diabetes) and a classification task
# (breast_cancer), each run given the same budget of work: max_cost, in
# forward passes over the training data (the cost column of history.csv).
# Repeat r of every run on a data set starts from the same parameters on
# the same 80/20 split, so paired.csv, ranks.csv and the profiles compare
# the methods start by start.
#
# Run it:   go run ./cmd/nnexp run experiments/field.hcl
# Results:  results/field/ (summary_stats.csv, milestone_stats.csv, paired.csv, ranks.csv, *.png)
# Try:      go run ./cmd/nnexp run experiments/field.hcl --var budget=300

experiment "field" {
  description = "Ten optimizers and two pipelines on diabetes and breast_cancer, equal max_cost, 10 paired repeats, 20% test"
  seed        = 1
  repeats     = var.repeats
  # Every job of every run stops before a call that could take its work
  # past this many forward passes (status budget), unless it ends sooner.
  max_cost = var.budget
}

variable "repeats" {
  default     = 10
  description = "Paired repeats (initial parameters and split) per run"
}

variable "budget" {
  default     = 1000
  description = "max_cost of every job, in forward passes over the training data"
}

dataset "diabetes" {
  source        = "diabetes"
  test_fraction = 0.2
}

dataset "cancer" {
  source        = "breast_cancer"
  test_fraction = 0.2
  standardize   = true
}

# The notebook's network and initialisation for diabetes.
model "diabetes" {
  hidden     = [5, 4]
  activation = "relu"
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}

# A small network for the 30 tumour features, default initialisation.
model "cancer" {
  hidden     = [8]
  activation = "relu"
}

# Every method runs until the budget stops it: iteration limits far above
# what the budget allows, no early convergence.
pipeline "search" {
  optimizer "search" {
    iterations = 100000
    tolerance  = 0
  }
}

pipeline "random_search" {
  optimizer "random_search" {
    iterations = 100000
  }
}

pipeline "es" {
  optimizer "es" {
    generations = 100000
  }
}

pipeline "cmaes" {
  optimizer "cmaes" {
    generations = 100000
    tolerance   = 0
  }
}

pipeline "nelder_mead" {
  optimizer "nelder_mead" {
    iterations = 1000000
    tolerance  = 0
  }
}

pipeline "lbfgs" {
  optimizer "lbfgs" {
    iterations = 100000
  }
}

pipeline "adam" {
  optimizer "adam" {
    learning_rate = 0.01
    batch_size    = 32
    epochs        = 100000
  }
}

pipeline "sgd" {
  optimizer "sgd" {
    learning_rate = var.sgd_rate
    momentum      = 0.9
    batch_size    = 32
    epochs        = 100000
  }
}

variable "sgd_rate" {
  default     = 0.001
  description = "SGD's learning rate (MSE on diabetes has large gradients)"
}

# Two sweeps of search, then Adam from where it stopped (the notebook's
# hybrid, with the budget left after the sweeps).
pipeline "hybrid" {
  optimizer "hybrid" {
    search {
      iterations = 2
    }
    adam {
      learning_rate = 0.01
      batch_size    = 32
      epochs        = 100000
    }
  }
}

# Search for the hidden layers, then the output layer solved exactly by
# least squares (MSE regression only, so diabetes only), then search again.
pipeline "search_lstsq" {
  optimizer "search" {
    iterations = 5
    tolerance  = 0
  }
  optimizer "lstsq" {}
  optimizer "search" {
    iterations = 100000
    tolerance  = 0
  }
}

# Gradients first, then search from where they stopped.
pipeline "sgd_search" {
  optimizer "sgd" {
    learning_rate = var.sgd_rate
    momentum      = 0.9
    batch_size    = 32
    epochs        = 100
  }
  optimizer "search" {
    iterations = 100000
    tolerance  = 0
  }
}

# Runs are named <data>_<method>. Each data set's runs share a model, so
# repeat r of all of them starts from the same parameters.
run "diabetes_search" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.search
}

run "diabetes_random_search" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.random_search
}

run "diabetes_es" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.es
}

run "diabetes_cmaes" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.cmaes
}

run "diabetes_nelder_mead" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.nelder_mead
}

run "diabetes_lbfgs" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.lbfgs
}

run "diabetes_adam" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.adam
}

run "diabetes_sgd" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.sgd
}

run "diabetes_hybrid" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.hybrid
}

run "diabetes_search_lstsq" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.search_lstsq
}

run "diabetes_sgd_search" {
  dataset  = dataset.diabetes
  model    = model.diabetes
  loss     = "mse"
  pipeline = pipeline.sgd_search
}

# search_lstsq needs MSE regression, so breast_cancer (cross-entropy on
# classes) runs the others.
run "cancer_search" {
  dataset  = dataset.cancer
  model    = model.cancer
  loss     = "cross_entropy"
  pipeline = pipeline.search
}

run "cancer_random_search" {
  dataset  = dataset.cancer
  model    = model.cancer
  loss     = "cross_entropy"
  pipeline = pipeline.random_search
}

run "cancer_es" {
  dataset  = dataset.cancer
  model    = model.cancer
  loss     = "cross_entropy"
  pipeline = pipeline.es
}

run "cancer_cmaes" {
  dataset  = dataset.cancer
  model    = model.cancer
  loss     = "cross_entropy"
  pipeline = pipeline.cmaes
}

run "cancer_nelder_mead" {
  dataset  = dataset.cancer
  model    = model.cancer
  loss     = "cross_entropy"
  pipeline = pipeline.nelder_mead
}

run "cancer_lbfgs" {
  dataset  = dataset.cancer
  model    = model.cancer
  loss     = "cross_entropy"
  pipeline = pipeline.lbfgs
}

run "cancer_adam" {
  dataset  = dataset.cancer
  model    = model.cancer
  loss     = "cross_entropy"
  pipeline = pipeline.adam
}

run "cancer_sgd" {
  dataset  = dataset.cancer
  model    = model.cancer
  loss     = "cross_entropy"
  pipeline = pipeline.sgd
}

run "cancer_hybrid" {
  dataset  = dataset.cancer
  model    = model.cancer
  loss     = "cross_entropy"
  pipeline = pipeline.hybrid
}

run "cancer_sgd_search" {
  dataset  = dataset.cancer
  model    = model.cancer
  loss     = "cross_entropy"
  pipeline = pipeline.sgd_search
}

# Loss by cost, per data set (history.png shows every run by step).
plot "diabetes_cost" {
  type  = "history"
  x     = "cost"
  title = "diabetes: training loss by cost"
  log_y = true
  runs = [run.diabetes_search, run.diabetes_random_search, run.diabetes_es, run.diabetes_cmaes,
    run.diabetes_nelder_mead, run.diabetes_lbfgs, run.diabetes_adam, run.diabetes_sgd,
  run.diabetes_hybrid, run.diabetes_search_lstsq, run.diabetes_sgd_search]
}

plot "cancer_cost" {
  type   = "history"
  x      = "cost"
  metric = "test_accuracy"
  title  = "breast_cancer: test accuracy by cost"
  runs = [run.cancer_search, run.cancer_random_search, run.cancer_es, run.cancer_cmaes,
    run.cancer_nelder_mead, run.cancer_lbfgs, run.cancer_adam, run.cancer_sgd,
  run.cancer_hybrid, run.cancer_sgd_search]
}

# What each run costs to get somewhere: the work at which each job's
# history first reached these (milestones.csv per job, milestone_stats.csv
# per run). The notebook's Adam ended at a training MSE of 3203.
milestone "diabetes_mse_3000" {
  metric  = "train_loss"
  value   = 3000
  dataset = dataset.diabetes
}

milestone "cancer_accuracy_97" {
  metric  = "test_accuracy"
  value   = 0.97
  dataset = dataset.cancer
}
