"""QR codes for the printed orientation sheets, drawn in Python as inline SVG."""

import segno
from django.utils.html import escape
from django.utils.safestring import mark_safe

SCALE = 4  # pixels per module: about 4 cm across for a place's address, easy for any phone


def qr_svg(url, label):
    """An inline SVG QR code for url, announced to screen readers as an image named label.

    No style attribute: the strict Content Security Policy forbids inline styles; segno writes
    presentation attributes (stroke, fill) only.
    """
    qr = segno.make(url, error="m")
    width, height = qr.symbol_size(scale=SCALE)
    svg = qr.svg_inline(scale=SCALE, dark="#000", light="#fff", title=label, svgclass="qr", omitsize=False)
    label = escape(label)
    # Keep the fixed size and add a viewBox, so a stylesheet may scale the code without losing it.
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" viewBox="0 0 {width} {height}" ',
        1,
    )
    return mark_safe(svg)  # noqa: S308 - segno's markup; the only text in it is escaped
