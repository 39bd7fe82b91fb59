// Package plateau is the ReduceLROnPlateau learning-rate schedule shared by
// the gradient optimizers (adam, sgd): its settings block, as an
// optimizer's `plateau { ... }`, and the schedule itself, PyTorch's
// torch.optim.lr_scheduler.ReduceLROnPlateau with mode "min",
// threshold_mode "rel", no cooldown and no minimum rate. One copy keeps
// the optimizers' schedules the same to the last bit.
package plateau
