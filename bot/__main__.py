"""python -m bot: the command line (bot/cli/)."""

import os
import sys

# One BLAS thread: natasha's tagger multiplies small matrices, for which OpenBLAS's thread
# pool costs more than it gives (3x slower on 2 cores in benchmarks/bench_speed.py), and the
# bot runs analyses in worker threads of its own. Must be set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
