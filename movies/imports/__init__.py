"""Library import: scan a root folder, match its folders on TMDB, import them in bulk.

The views and tasks use these names; the modules behind them are scan (disk walk),
match (confidence), scanning, proposals (the page's rows), importing, files and runs.
"""

from movies.imports.importing import (
    ImportOutcome,
    import_folder,
    import_selected,
    run_import,
    tick_all,
)
from movies.imports.proposals import Proposals, annotate_rows, proposals, with_poster
from movies.imports.runs import import_progress_name, scan_of, scan_progress_name
from movies.imports.scanning import (
    CannotChange,
    choose_match,
    run_scan,
    start_scan,
)

__all__ = [
    "CannotChange",
    "ImportOutcome",
    "Proposals",
    "annotate_rows",
    "choose_match",
    "import_folder",
    "import_progress_name",
    "import_selected",
    "proposals",
    "run_import",
    "run_scan",
    "scan_of",
    "scan_progress_name",
    "start_scan",
    "tick_all",
    "with_poster",
]
