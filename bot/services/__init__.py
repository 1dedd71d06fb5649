"""Use cases: the only place that chains the pipeline's stages."""
