"""Pattern data of the clause pipeline (EntityRuler JSONL, trigger YAML); a package so they ship as package data."""
