"""Files in and out: reports (json, md, html, csv, xlsx, docx, pdf), TOML dumps, table and SIE imports.

Functions take a Year / Computed / bytes / path and return data or write
the named file (`start.init_year` writes the new year into the store); bad input raises `FileFormatError` (a ValueError)
with a one-line Swedish message naming the file, line and problem.

Entry points: `exports.write_report` / `exports.render_report` (report
--format; `exports.REGISTRY` is the one list of formats), `imports.plan_import`
(import FILE: `sie*` modules for SIE 4, `import_table` / `table_*` for CSV and
XLSX), `toml_io.load_year_toml` / `dump_year_toml` (load, dumps),
`rollover.next_year` (new-year), `start.init_year` (init --year),
`report_json.report_dict` / `checks_list` / `dumps_json` (JSON, its shapes in
`report_shapes`); the nämnd's
report: `report_doc.report_document` (blocks) rendered by `export_md`,
`export_html`, `export_docx` (with `docx_layout`, `table_fit`) and `export_pdf`.
"""

from .errors import FileFormatError
from .plan import ImportPlan

__all__ = ["FileFormatError", "ImportPlan"]
