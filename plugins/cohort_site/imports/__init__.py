"""Record importers: the programme's own files (the survey, meeting tools' attendance reports, the
results sheet that this package also writes to be filled in) read into the cohort's YAML files.
No MkDocs, no WeasyPrint."""
