"""How a run of a DOCX paragraph looks: hidden, white or tiny, from direct formatting or styles.

A run property is looked up where Word looks for it: the run's own properties, its character
style, its paragraph's style (or the default paragraph style), then the document defaults;
styles follow their ``basedOn`` chain (with a loop guard). Themes, table styles and numbering
are not followed.
"""

from __future__ import annotations

from lxml import etree

from auditor.scan.docxopen import W

_OFF = {"0", "false", "off"}
#: Below this many half-points (2 pt) a run is reported as tiny.
TINY_HALF_POINTS = 4
_WHITE = {"FFFFFF"}
_CLEAR = {None, "", "auto", "FFFFFF", "none"}


class Styles:
    """The styles part, reduced to what hiding a run depends on."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.defaults: etree._Element | None = None
        if root is None:
            return
        for style in root.iter(f"{W}style"):
            sid = style.get(f"{W}styleId")
            if sid:
                self.by_id.setdefault(sid, style)
                if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in (
                        "1", "true", "on"):
                    self.default_para = self.default_para or sid
        self.defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def from_style(self, sid: str | None, tag: str) -> etree._Element | None:
        """The run property ``tag`` set by style ``sid`` or one it is based on."""
        seen: set[str] = set()
        while sid and sid not in seen and len(seen) < 32:
            seen.add(sid)
            style = self.by_id.get(sid)
            if style is None:
                return None
            found = style.find(f"{W}rPr/{W}{tag}")
            if found is not None:
                return found
            based = style.find(f"{W}basedOn")
            sid = based.get(f"{W}val") if based is not None else None
        return None

    def prop(self, run: etree._Element, para: etree._Element, tag: str) -> etree._Element | None:
        """The run property ``tag`` in force for ``run``: direct, then styles, then defaults."""
        found = run.find(f"{W}rPr/{W}{tag}")
        if found is not None:
            return found
        rstyle = run.find(f"{W}rPr/{W}rStyle")
        if rstyle is not None:
            found = self.from_style(rstyle.get(f"{W}val"), tag)
            if found is not None:
                return found
        pstyle = para.find(f"{W}pPr/{W}pStyle")
        sid = pstyle.get(f"{W}val") if pstyle is not None else self.default_para
        found = self.from_style(sid, tag)
        if found is None and self.defaults is not None:
            found = self.defaults.find(f"{W}{tag}")
        return found


def hiding(run: etree._Element, para: etree._Element, styles: Styles,
           light_page: bool = True) -> str | None:
    """How ``run`` hides from the reader: ``"hidden"``, ``"white"``, ``"tiny"`` or None."""
    vanish = styles.prop(run, para, "vanish")
    if vanish is not None and vanish.get(f"{W}val") not in _OFF:
        return "hidden"
    colour = styles.prop(run, para, "color")
    if light_page and colour is not None and _white(colour) and not _shaded(run, para):
        return "white"
    size = styles.prop(run, para, "sz")
    value = size.get(f"{W}val") if size is not None else None
    if value is not None and value.isdigit() and int(value) < TINY_HALF_POINTS:
        return "tiny"
    return None


def light_background(document: etree._Element) -> bool:
    """False when the document sets a page colour other than white (white text shows)."""
    bg = document.find(f"{W}background")
    return bg is None or (bg.get(f"{W}color") or "FFFFFF").upper() in _CLEAR | {"AUTO"}


def _white(colour: etree._Element) -> bool:
    return ((colour.get(f"{W}val") or "").upper() in _WHITE
            or colour.get(f"{W}themeColor") == "background1")


def _shaded(run: etree._Element, para: etree._Element) -> bool:
    """A shading or highlight behind the run, its paragraph or its table cell."""
    highlight = run.find(f"{W}rPr/{W}highlight")
    if highlight is not None and highlight.get(f"{W}val") not in _CLEAR:
        return True
    places = [run.find(f"{W}rPr/{W}shd"), para.find(f"{W}pPr/{W}shd")]
    cell = next(para.iterancestors(f"{W}tc"), None)
    if cell is not None:
        places.append(cell.find(f"{W}tcPr/{W}shd"))
    return any(s is not None and (s.get(f"{W}fill") or "auto").upper() not in
               {"AUTO", "FFFFFF", ""} for s in places)
