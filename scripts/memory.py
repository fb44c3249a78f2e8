#!/usr/bin/env python3
"""Peak memory of `yusuan import` on large and hostile inputs → a Markdown table.

    cargo build --release
    YUSUAN_REAL_PDF=/work/shared/real/SH-Putuo_财政局_2024_部门决算.pdf \
        python3 scripts/memory.py target/release/yusuan > /tmp/memory.md

Each case writes its input into a scratch folder (sparse where it can, so a
"2 GB" file costs no disk), imports it into a fresh database under
`/usr/bin/time -v` and reports the maximum resident set size, the exit code
and the first line of what yusuan said. Not a timed test: the figures are
recorded in RELIABILITY.md ("Memory"), the goal being under 150 MB for every
input yusuan refuses and every file it accepts up to its format's limit.
"""

import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "tests/fixtures/demo/shanhaiguan-zfb-2023.txt")
MIB = 1024 * 1024


def sparse(path, head, size):
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(size)


def units_text(path, target_bytes, first_code=500000):
    """The sample repeated under new unit codes (from `first_code`) until
    the file is about `target_bytes`: every copy a whole, valid unit."""
    sample = open(SAMPLE, encoding="utf-8").read()
    with open(path, "w", encoding="utf-8") as f:
        written, n = 0, 0
        while written + len(sample.encode()) <= target_bytes:
            copy = sample.replace("434001", f"{first_code + n:06d}")
            f.write(copy)
            written += len(copy.encode())
            n += 1
    return n


def xlsx(path, rows, columns):
    """A one-sheet workbook of rows × columns numeric cells, streamed into
    the zip so the generator itself stays small."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            row_cells = "".join(f'<c t="n"><v>{c}</v></c>' for c in range(columns))
            for r in range(1, rows + 1):
                sheet.write(f'<row r="{r}">{row_cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")


def docx(path, rows):
    """A .docx whose body is one table of `rows` rows of six cells."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("word/document.xml", "w", force_zip64=True) as body:
            body.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>')
            cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
            for r in range(rows):
                body.write(("<w:tr>" + "".join(cell.format(r * 6 + c) for c in range(6)) + "</w:tr>").encode())
            body.write(b"</w:tbl></w:body></w:document>")


def html(path, target_bytes):
    """A page of one table with as many 10-byte cells as fit."""
    with open(path, "w") as f:
        f.write("<!DOCTYPE html><html><body><table>")
        written = 40
        row = "<tr>" + "<td>1</td>" * 10 + "</tr>\n"
        while written + len(row) < target_bytes - 40:
            f.write(row)
            written += len(row)
        f.write("</table></body></html>")


def deep_html(path, depth):
    with open(path, "w") as f:
        f.write("<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table>")
        f.write("<div>" * depth + "x" + "</div>" * depth + "</body></html>")


def run(binary, scratch, name, path, extra=()):
    db = os.path.join(scratch, f"{name}.db")
    cmd = ["/usr/bin/time", "-v", binary, "--db", db, "import", *extra, path]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", done.stderr)
    said = [
        l
        for l in (done.stdout + done.stderr).splitlines()
        if l.startswith(("✗", "✓", "yusuan:", "  !"))
    ]
    if os.path.isdir(path):
        said = [l for l in done.stdout.splitlines() if l.startswith("共")] or said
        size = sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))
    else:
        size = os.path.getsize(path) if os.path.isfile(path) else 0
    return {
        "case": name,
        "size": size,
        "rss_mb": int(rss.group(1)) / 1024 if rss else float("nan"),
        "wall": wall.group(1) if wall else "?",
        "exit": done.returncode,
        "said": (said[0] if said else "")[:150],
    }


def words(size):
    if size >= MIB:
        return f"{size / MIB:,.1f} MiB"
    return f"{size / 1024:,.0f} KiB" if size else "—"


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as scratch:
        p = lambda name: os.path.join(scratch, name)
        cases = []
        sparse(p("zeros-2g.txt"), b"", 2 << 30)
        cases.append(("2 GB sparse file of zeros", p("zeros-2g.txt"), ()))
        cases.append(("/dev/zero given as a file", "/dev/zero", ()))
        sparse(p("text-1g.txt"), open(SAMPLE, "rb").read(), 1 << 30)
        cases.append(("1 GB text file (a unit, then zeros)", p("text-1g.txt"), ()))
        n = units_text(p("units-6m.txt"), 6 * MIB)
        cases.append((f"{n} units in one text file (6 MiB)", p("units-6m.txt"), ()))
        n = units_text(p("units-8m.txt"), 8 * MIB - 1)
        cases.append((f"{n} units in one text file, just under the 8 MiB limit", p("units-8m.txt"), ()))
        # A folder of such files: the reader may not run ahead of the writer
        # by more than one of them (see src/in_flight.rs).
        os.mkdir(p("large-folder"))
        for i in range(4):
            units_text(p(f"large-folder/units-{i}.txt"), 8 * MIB - 1, 600000 + 1000 * i)
        cases.append(("a folder of four text files just under the 8 MiB limit", p("large-folder"), ()))
        xlsx(p("cells-20m.xlsx"), 200_000, 100)
        cases.append(("xlsx with 20 M cells", p("cells-20m.xlsx"), ()))
        xlsx(p("cells-245k.xlsx"), 2_450, 100)
        cases.append(("xlsx with 245,000 cells (just under the cell cap)", p("cells-245k.xlsx"), ()))
        html(p("cells-3m.html"), 44 * MIB)
        cases.append(("web page with 3 M cells (44 MiB)", p("cells-3m.html"), ()))
        html(p("cells-limit.html"), 16 * MIB - 1)
        cases.append(("web page of cells just under the 16 MiB limit (over the element cap)", p("cells-limit.html"), ()))
        deep_html(p("deep.html"), 100_000)
        cases.append(("web page with 100,000 nested div", p("deep.html"), ()))
        docx(p("big.docx"), 400_000)
        cases.append(("docx with a 400,000-row table (document.xml over its cap)", p("big.docx"), ()))
        docx(p("limit.docx"), 150_000)
        cases.append(("docx with a 150,000-row table (over the node cap)", p("limit.docx"), ()))
        docx(p("under.docx"), 15_000)
        cases.append(("docx with a 15,000-row table (285,000 nodes, just under the cap)", p("under.docx"), ()))
        with open(p("elements.html"), "w") as f:
            f.write("<!DOCTYPE html><html><body><table>")
            f.write(("<tr>" + "<td>1</td>" * 10 + "</tr>\n") * 10_870)
            f.write("</table></body></html>")
        cases.append(("web page with 119,570 elements (just under the element cap)", p("elements.html"), ()))
        real = os.environ.get("YUSUAN_REAL_PDF")
        if real:
            # A real disclosure with blank space after its end, up to just
            # under the PDF limit: the reader holds the file whole.
            published = open(real, "rb").read()
            with open(p("padded.pdf"), "wb") as f:
                f.write(published)
                f.write(b"\n" + b" " * (32 * MIB - len(published) - 2))
            cases.append(("a real PDF padded to just under the 32 MiB limit", p("padded.pdf"), ()))
            cases.append(("the same real PDF as published", real, ()))
        rows = [run(binary, scratch, f"case{i}", path, extra) for i, (_, path, extra) in enumerate(cases)]
    print("| case | file size | peak RSS | wall | exit | what yusuan said |")
    print("|---|---|---|---|---|---|")
    for (title, _, _), r in zip(cases, rows):
        said = r["said"].replace("|", "\\|")
        print(f"| {title} | {words(r['size'])} | {r['rss_mb']:.0f} MB | {r['wall']} | {r['exit']} | {said} |")


if __name__ == "__main__":
    main()
