"""Law as data: one YAML file per instrument (provisions, parameters, categories) plus guideline profiles."""
