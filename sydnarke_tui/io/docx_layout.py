"""Page, fonts, column widths and fields of the Word report (export_docx renders the blocks).

Without a template the report gets an ordinary Swedish municipal layout: A4,
margins 25 mm (20 mm right), Times New Roman 12 pt body, Arial headings and
9 pt Arial tables, black text. A template keeps its own page and styles; the
column widths are then measured in the template's table fonts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(25), "bottom": Mm(25), "left": Mm(25), "right": Mm(20)}
BODY_FONT, HEADING_FONT, TABLE_FONT = "Times New Roman", "Arial", "Arial"
HEADING_SIZES = {1: 16, 2: 13, 3: 11}

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section
    from docx.shared import Length
    from docx.styles.style import CharacterStyle
    from docx.styles.styles import Styles
    from docx.text.paragraph import Paragraph


@dataclass(frozen=True)
class PageLook:
    """A section's page: what `portrait_section` restores after a landscape table."""

    size: tuple[Length | None, Length | None]
    margins: dict[str, Length | None]


def page_setup(section: Section) -> None:
    """A4 portrait with municipal margins (only without a template: a template keeps its own page)."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance = section.footer_distance = Mm(12)


def set_font(style: CharacterStyle, name: str | None = None, size: float | None = None, bold: bool | None = None) -> None:
    """Set a style's font; the theme font attributes (which would win over a plain name) go."""
    if name:
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in list(fonts.attrib):
            if attr.endswith("Theme"):
                del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), name)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)


def municipal_styles(styles: Styles) -> None:
    """Body, headings, title and footer fonts of the default layout."""
    set_font(styles["Normal"], BODY_FONT, 12)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    for level, size in HEADING_SIZES.items():
        st = styles[f"Heading {level}"]
        set_font(st, HEADING_FONT, size, True)
        st.font.italic = False
        st.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        st.paragraph_format.space_after = Pt(6)
    set_font(styles["Title"], HEADING_FONT, 26, True)
    set_font(styles["Subtitle"], HEADING_FONT, 16, False)
    styles["Subtitle"].font.italic = False
    spacing = styles["Subtitle"].element.rPr.find(qn("w:spacing"))  # the default template's letter spacing
    if spacing is not None:
        styles["Subtitle"].element.rPr.remove(spacing)
    set_font(styles["Footer"], HEADING_FONT, 9)
    set_font(styles["List Bullet"], BODY_FONT)
    # the title's bottom border in the default template is decoration a municipality would not print
    ppr = styles["Title"].element.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
        ppr.remove(ppr.find(qn("w:pBdr")))


def _size(section: Section) -> tuple[Length, Length]:
    """The page's width and height; a template that does not say gets A4."""
    return section.page_width or A4[0], section.page_height or A4[1]


def _margin(section: Section, side: str) -> Length:
    """A page margin; a template that does not say gets the default layout's."""
    value: Length | None = getattr(section, f"{side}_margin")
    return MARGINS[side] if value is None else value


def landscape_section(doc: Document) -> None:
    """A new section on a new page, the current page turned (its margins turned with it)."""
    prev = doc.sections[-1]
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.different_first_page_header_footer = False  # only the title page goes without its page number
    sec.orientation = WD_ORIENT.LANDSCAPE
    width, height = _size(prev)
    sec.page_width, sec.page_height = max(width, height), min(width, height)
    sec.left_margin, sec.right_margin = prev.top_margin, prev.bottom_margin
    sec.top_margin, sec.bottom_margin = prev.right_margin, prev.left_margin


def portrait_section(doc: Document, like: PageLook) -> None:
    """Back to the portrait page `like` after a landscape table."""
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.different_first_page_header_footer = False
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = like.size
    for side, value in like.margins.items():
        setattr(sec, f"{side}_margin", value)


def page_of(section: Section) -> PageLook:
    return PageLook((section.page_width, section.page_height),
                    {s: getattr(section, f"{s}_margin") for s in ("top", "bottom", "left", "right")})


def style_size(style: CharacterStyle | None, default: float = 11) -> float:
    """A paragraph style's font size in pt, following its base styles."""
    while style is not None:
        if style.font.size is not None:
            pt: float = style.font.size.pt
            return pt
        style = style.base_style
    return default


def text_width_pt(section: Section) -> float:
    return (_size(section)[0] - _margin(section, "left") - _margin(section, "right")) / 12700


# ---------------------------------------------------------------- fields

def _run_field(p: Paragraph, instr: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES, TOC, PAGEREF) with `shown` as its last computed result."""
    def fld(kind: str) -> None:
        r = OxmlElement("w:r")
        f = OxmlElement("w:fldChar")
        f.set(qn("w:fldCharType"), kind)
        r.append(f)
        p._p.append(r)

    fld("begin")
    r = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r.append(t)
    p._p.append(r)
    fld("separate")
    p.add_run(shown)
    fld("end")


def page_footer(section: Section) -> None:
    """'Sida X av Y' right-aligned in the footer; none on the title page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section.different_first_page_header_footer = True
    p = section.footer.paragraphs[0]
    p.style = "Footer"
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.add_run("Sida ")
    _run_field(p, "PAGE", "1")
    p.add_run(" av ")
    _run_field(p, "NUMPAGES", "1")


def bookmark(p: Paragraph, name: str, ident: int) -> None:
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(ident))
    p._p.insert(1 if p._p.pPr is not None else 0, start)
    p._p.append(end)


def toc_entry(doc: Document, level: int, text: str, mark: str) -> Paragraph:
    """One line of the table of contents, written out: the heading's text, a dotted tab and its page as a
    PAGEREF field to the heading's bookmark, which LibreOffice computes as it lays out the pages and Word on
    opening (update_fields_on_open). A TOC field would show nothing until a word processor rebuilt it, and
    LibreOffice, converting headless, reads a TOC field's entries as fixed text and drops their page numbers."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

    p = doc.add_paragraph(style=f"TOC {level}")
    width = text_width_pt(doc.sections[-1])
    p.paragraph_format.tab_stops.add_tab_stop(Pt(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    p.paragraph_format.left_indent = Pt(12 * (level - 1))
    p.paragraph_format.space_after = Pt(2)
    p.add_run(text + "\t")
    _run_field(p, f"PAGEREF {mark} \\h", "")
    return p


def update_fields_on_open(doc: Document) -> None:
    """Word recomputes the fields (the contents' page numbers) when the document is opened."""
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        # the schema's order: updateFields comes before these (Word refuses a file with them out of order)
        later = {qn(f"w:{n}") for n in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                                         "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                         "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                                         "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                                         "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")}
        after = next((c for c in settings if c.tag in later), None)
        if after is None:
            settings.append(el)
        else:
            after.addprevious(el)
    el.set(qn("w:val"), "true")


def font_name(style: CharacterStyle | None) -> str | None:
    """A style's font (its own or its base styles'); None when it only names a theme font."""
    while style is not None:
        fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
        name: str | None = fonts.get(qn("w:ascii")) if fonts is not None else None
        if name:
            return name
        style = style.base_style
    return None


def _css_font(name: str, generic: str) -> str:
    """A font family for the CSS: only letters, digits, spaces, dots and hyphens of the template's name pass (a
    name is the template author's text: never markup, never the end of the style sheet)."""
    return '"' + re.sub(r"[^\w .-]", "", name) + '", ' + generic


def open_template(path: str | Path) -> Document:
    """The municipality's template as a python-docx Document; a file that is not one is said in one line."""
    from docx import Document

    try:
        return Document(str(path))
    except Exception:  # python-docx raises several kinds for a file that is not a Word document
        from .errors import FileFormatError

        raise FileFormatError("mallen går inte att läsa som Word-dokument: filen är trasig eller av en annan typ;"
                              " spara mallen som Word-dokument (.docx) och försök igen.",
                              file=str(path)) from None


def template_look(path: str | Path) -> dict[str, str]:
    """The fonts, body size and page margins of a Word template, for the HTML/PDF report's CSS (what the
    template does not say keeps the default)."""
    doc = open_template(path)
    styles = doc.styles
    look: dict[str, str] = {}
    body = font_name(styles["Normal"])
    head = font_name(styles["Heading 1"]) if "Heading 1" in styles else None
    if body:
        look["body"] = _css_font(body, "serif")
    head = head or body
    if head:
        look["head"] = _css_font(head, "sans-serif")
    size = styles["Normal"].font.size
    if size is not None:
        look["size"] = f"{size.pt:g}pt"
    sec = doc.sections[0]
    if all(getattr(sec, f"{s}_margin") is not None for s in ("top", "right", "bottom", "left")):
        look["margins"] = " ".join(f"{getattr(sec, f'{s}_margin').mm:.1f}mm" for s in ("top", "right", "bottom", "left"))
    return look
