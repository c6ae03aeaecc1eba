"""The chapters' experiments: seeded, cached runs that a chapter and its widget share.

One module per chapter, named after the chapter's slug (``ch09_regularisation``). Each
function here trains or measures something for a chapter and returns numbers; it draws
nothing (that is `mlpkit.widgets`). They build on the core (`mlpkit.MLP`, `mlpkit.fit`,
...) and on the analysis modules, and share one training helper, `train_mlp`. Chapters
import their experiments from here, never from `mlpkit.widgets`.
"""

from ._common import read_only_cache, train_mlp

__all__ = ["read_only_cache", "train_mlp"]
