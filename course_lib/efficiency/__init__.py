"""Find where fine-tuning time goes, then choose batch size, precision and padding by measuring.

Taught in: lessons/07_efficient_finetuning.ipynb (timing, padding, the recipe) and
lessons/08_parameter_efficient_multitask.ipynb (freezing, serving). Also used by
``benchmarks/bench_training_throughput.py`` and ``python -m course_lib.train --auto-recipe``.

Three ways to form training batches are compared throughout:

* ``"max_length"``: every text padded to one fixed length (``padding="max_length"``, what most
  tutorials do); shuffled order.
* ``"dynamic"``: shuffled order, each batch padded only to its own longest text
  (``DataCollatorWithPadding``).
* ``"grouped"``: dynamic padding plus batches of similar lengths, in exactly the order the
  ``Trainer`` uses with ``train_sampling_strategy="group_by_length"`` (random mega-batches, each
  sorted by length, the longest batch first).

Throughput is measured by running real optimizer steps (forward, backward, gradient clipping,
AdamW) on real batches, not by a formula: which setting wins depends on the hardware. On a CPU
the arithmetic dominates and padding is pure waste; on a fast GPU a small encoder is bound by the
fixed cost of each step, and only larger batches help. On a machine shared with other jobs,
:func:`compare_throughput` runs the setups in alternating blocks, so background load slows all of
them alike and their *ratio* stays meaningful even when the absolute numbers wander.

One module per job: :mod:`~course_lib.efficiency.padding` (batches and their padding),
:mod:`~course_lib.efficiency.learning_rate` (scaling rules), :mod:`~course_lib.efficiency.throughput`
(timing optimizer steps), :mod:`~course_lib.efficiency.recipe` (choosing settings by measuring),
:mod:`~course_lib.efficiency.freezing`, :mod:`~course_lib.efficiency.serving` (inference timing),
:mod:`~course_lib.efficiency.timing` (an epoch timer for the Trainer) and
:mod:`~course_lib.efficiency.parity` (is a faster recipe as accurate: paired seeds, 95% interval).
Lessons use the names below as ``cl.efficiency.<name>``.
"""

from course_lib.efficiency.freezing import count_parameters, freeze_encoder, gradual_unfreezing
from course_lib.efficiency.learning_rate import LR_RULES, scale_learning_rate
from course_lib.efficiency.padding import (
    PADDINGS,
    batch_order,
    make_batches,
    padded_token_fraction,
)
from course_lib.efficiency.parity import PairedDifference, load_measurement, paired_difference
from course_lib.efficiency.recipe import Recipe, pick_recipe
from course_lib.efficiency.serving import measure_inference
from course_lib.efficiency.throughput import (
    PRECISIONS,
    Setup,
    ThroughputResult,
    compare_throughput,
    measure_throughput,
)
from course_lib.efficiency.timing import epoch_timer
from course_lib.tokenization import sequence_lengths

__all__ = [
    "LR_RULES",
    "PADDINGS",
    "PRECISIONS",
    "PairedDifference",
    "Recipe",
    "Setup",
    "ThroughputResult",
    "batch_order",
    "compare_throughput",
    "count_parameters",
    "epoch_timer",
    "freeze_encoder",
    "gradual_unfreezing",
    "load_measurement",
    "make_batches",
    "measure_inference",
    "measure_throughput",
    "padded_token_fraction",
    "paired_difference",
    "pick_recipe",
    "scale_learning_rate",
    "sequence_lengths",
]
