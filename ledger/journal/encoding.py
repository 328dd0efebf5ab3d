"""Which encoding a CSV journal is in, decided on the whole file before a row is read.

UTF-8 (with or without BOM) is the format's encoding. Excel on Chinese Windows saves
"CSV (逗号分隔)" in code page 936 (GBK), read here as GB18030, its superset. A file whose
first 64 KiB happen to be plain ASCII may still turn to GBK in a memo far down, so the
whole file is checked (at hundreds of MB a second). A UTF-8 file damaged in a few places
is not GBK: it is refused, naming the first damaged row and cell, rather than read as
mojibake. UTF-16 (Excel's "Unicode 文本") and binary files are refused outright.
"""

from __future__ import annotations

import codecs
import csv
from typing import BinaryIO

from ledger.journal.columns import BY_HEADER, label

_CHUNK = 1 << 16  # larger reads leave glibc holding freed memory: 160 MB RSS at 87 MB read
_REPLACED = "\ufffd"


class EncodingRefused(ValueError):
    """The file is in no encoding a journal may use."""


def sniff(raw: BinaryIO) -> str:
    """The encoding to read ``raw`` with; leaves it at its start."""
    head = raw.read(4)
    raw.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingRefused(
            "文件为 UTF-16 编码（Excel 的“Unicode 文本”格式）；请另存为“CSV UTF-8（逗号分隔）”"
        )
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    bad = non_ascii = 0
    while chunk := raw.read(_CHUNK):
        if b"\x00" in chunk:
            raw.seek(0)
            raise EncodingRefused(
                "文件含有 NUL 字节：不是 CSV 文本文件（可能是二进制文件或 UTF-16 编码）"
            )
        text = decoder.decode(chunk)
        bad += text.count(_REPLACED)
        non_ascii += len(text) - len(text.encode("ascii", "ignore"))
    bad += decoder.decode(b"", final=True).count(_REPLACED)
    raw.seek(0)
    if bad == 0:
        return "utf-8"
    if bad * 20 < non_ascii - bad:
        # Mostly well-formed UTF-8 text with a few broken bytes: damaged, not GBK.
        raise EncodingRefused(_damaged(raw))
    return "gb18030"


def _damaged(raw: BinaryIO) -> str:
    """Where the first broken byte of a UTF-8 file is: row and, if it can tell, column."""
    header: list[str] = []
    for number, line in enumerate(raw, start=1):
        text = line.decode("utf-8", "replace")
        if number == 1:
            header = _cells(text.lstrip("\ufeff"))
        if _REPLACED not in text:
            continue
        raw.seek(0)
        cells = _cells(text)
        where = f"第 {number} 行"
        for position, cell in enumerate(cells):
            if _REPLACED in cell and position < len(header):
                name = BY_HEADER.get(header[position].strip(), header[position].strip())
                where += f"，列 {label(name)}"
                break
        return f"{where}：有不是 UTF-8 编码的字节，而文件其余部分是 UTF-8；文件可能已损坏或混入了其他编码的文字"
    raw.seek(0)
    return "文件有不是 UTF-8 编码的字节"


def _cells(line: str) -> list[str]:
    """One line's cells, as far as it can be parsed alone (a quoted cell may go on)."""
    try:
        return next(csv.reader([line.rstrip("\r\n")]), [])
    except csv.Error:
        return []
