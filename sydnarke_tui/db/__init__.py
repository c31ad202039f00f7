"""The demo year and schema notes, shipped inside the package as sydnarke_tui.db."""
