"""python-docx properties the Word export sets (io/docx_layout.py, io/export_docx.py).

Setting one writes the document's XML; vulture sees an attribute that is
assigned and never read in this code, so it would report each as unused.
Use: vulture sydnarke_tui tests bench .ci/vulture_whitelist_docx.py
"""

_ = object()
_.alignment
_.author
_.autofit
_.different_first_page_header_footer
_.footer_distance
_.header_distance
_.keep_with_next
_.language
_.left_indent
_.orientation
_.rgb
_.space_after
_.space_before
