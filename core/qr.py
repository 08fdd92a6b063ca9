"""QR codes drawn in Python as inline SVG (segno): no image file, no request to another host."""

import segno
from django.utils.html import escape
from django.utils.safestring import mark_safe

SCALE = 4  # pixels per module: about 4 cm across for a place's address, easy for any phone


def qr_svg(data, label, *, title=False):
    """An inline SVG QR code for `data`, announced to screen readers as an image named `label`.

    With `title`, the label is also the SVG's <title> (the printed sheet shows it on hover).
    No style attribute: the strict Content Security Policy forbids inline styles; segno writes
    presentation attributes (stroke, fill) only.
    """
    qr = segno.make(data, error="m")
    width, height = qr.symbol_size(scale=SCALE)
    svg = qr.svg_inline(
        scale=SCALE,
        dark="#000",
        light="#fff",
        title=label if title else None,
        svgclass="qr",
        omitsize=False,
    )
    # Keep the fixed size and add a viewBox, so a stylesheet may scale the code without losing it.
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" ',
        1,
    )
    return mark_safe(svg)  # noqa: S308 - segno's markup; the only text in it is escaped
