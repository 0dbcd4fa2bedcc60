"""The offline datasets' generator, one module per task, their vocabulary under ``vocabulary/``.

``scripts/make_offline_data.py`` runs the generators and writes the files.
"""
