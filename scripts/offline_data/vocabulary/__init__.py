"""Word lists and templates of the offline tasks, one module per task: data, no logic."""
