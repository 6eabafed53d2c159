"""A statement as PDF with fpdf2: pure Python, no system libraries (decision 0013)."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from samenkracht.exchange.selectors import Statement


def _latin(text: str) -> str:
    # The PDF's built-in Helvetica covers Latin-1 (Dutch included); anything else is replaced.
    return text.encode("latin-1", "replace").decode("latin-1")


def statement_pdf(*, statement: Statement, title: str, holder: str) -> bytes:
    currency = statement.account.currency
    pdf = FPDF(format="A4")
    pdf.set_title(_latin(title))
    pdf.set_creator("Samenkracht")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(
        0,
        7,
        _latin(f"{_('Rekening van')} {holder} ({currency.name})"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    summary = [
        (_("Saldo aan het begin"), statement.opening),
        (_("Ontvangen"), statement.received),
        (_("Gegeven"), -statement.given),
        (_("Saldo aan het eind"), statement.closing),
    ]
    for label, amount in summary:
        pdf.cell(60, 7, _latin(label))
        pdf.cell(
            40,
            7,
            _latin(f"{currency.display(amount)} {currency.unit_label(amount)}"),
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(4)
    widths = (28, 62, 50, 25, 25)
    headers = (_("Datum"), _("Omschrijving"), _("Met"), _("Aantal"), _("Saldo"))
    pdf.set_font("Helvetica", "B", 10)
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 7, _latin(header), border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for line in statement.lines:
        cells = (
            formats.date_format(timezone.localtime(line.booked_at), "j-n-Y"),
            line.description[:40],
            line.counterparty[:30],
            currency.display(line.amount),
            currency.display(line.balance),
        )
        for index, (width, text) in enumerate(zip(widths, cells, strict=True)):
            pdf.cell(width, 6, _latin(text), align="R" if index >= 3 else "L")
        pdf.ln()
    if not statement.lines:
        pdf.cell(0, 7, _latin(_("Deze maand is er niets geboekt.")), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
