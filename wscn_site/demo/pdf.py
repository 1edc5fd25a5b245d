"""A small, valid PDF of text lines, so demo resources are real documents without extra libraries."""


def _escape(text):
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _stream(title, lines):
    out = [b"BT", b"/F1 18 Tf", b"56 780 Td", b"(" + _escape(title) + b") Tj", b"/F1 11 Tf", b"0 -30 Td"]
    for line in lines:
        out += [b"(" + _escape(line) + b") Tj", b"0 -16 Td"]
    out.append(b"ET")
    return b"\n".join(out)


def make_pdf(title, lines, lang="en"):
    content = _stream(title, lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (" + lang.encode() + b") >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    body = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        body += f"{offset:010d} 00000 n \n".encode()
    info = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return bytes(body + info.encode())
