"""The hostile journal corpus: how each file in this directory was made, and what importing
it must do. ``python -m tests.hostile.corpus`` writes the files again (byte for byte).

Every file is imported on top of ``BASE`` (unit 900001, line A1 with 1,000.00): a refused
file must leave that store exactly as it was, with a Chinese message naming the row and
column at fault (file-level problems, such as an empty file, name the file's problem).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

UNIT = {"year": "2024", "unit": "900001"}
BASE = [
    {
        "date": "2024-01-05",
        "kind": "appropriation",
        **UNIT,
        "line": "A1",
        "fund": "一般公共预算",
        "function": "2013701",
        "category": "公用经费",
        "amount": "1000.00",
        "doc": "批复-基础",
    }
]
HEADER = ["date", "kind", "year", "unit", "line", "economic", "amount", "doc", "memo"]


def pay(doc: str, **kw: str) -> dict[str, str]:
    return {
        "date": "2024-03-01",
        "kind": "payment",
        **UNIT,
        "line": "A1",
        "economic": "30201",
        "amount": "10.00",
        "doc": doc,
        **kw,
    }


def opening(line: str, **kw: str) -> dict[str, str]:
    return {
        "date": "2024-01-05",
        "kind": "appropriation",
        "year": "2024",
        "unit": "900002",
        "line": line,
        "fund": "一般公共预算",
        "function": "2013701",
        "category": "公用经费",
        "amount": "500.00",
        "doc": "批复-甲",
        **kw,
    }


# Performance rows (绩效) need a project: the file opens one first (a refused file records
# neither).
PERF_HEADER = [
    "date", "kind", "year", "unit", "line", "fund", "function", "category", "project",
    "project_code", "amount", "doc", "level1", "level2", "indicator", "target", "actual",
    "weight", "score", "reason",
]  # fmt: skip
PROJECT = {
    "date": "2024-01-05", "kind": "appropriation", **UNIT, "line": "P1", "fund": "一般公共预算",
    "function": "2013701", "category": "项目支出", "project": "测试项目", "project_code": "P-1",
    "amount": "100.00", "doc": "批复-项目",
}  # fmt: skip
OUTPUT = {"level1": "产出指标", "level2": "数量指标", "indicator": "培训次数"}


def perf(kind: str, **kw: str) -> dict[str, str]:
    on = "2025-03-31" if kind == "evaluation" else "2024-02-01"
    return {"date": on, "kind": kind, **UNIT, "project_code": "P-1", "doc": "绩效-1", **kw}


def performance(*rows: dict[str, str]) -> Callable[[], bytes]:
    return lambda: csv_bytes([PROJECT, *rows], header=PERF_HEADER)


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    expect: tuple[str, ...]  # what the message must say; () for a file that is accepted
    rows: int = 0  # rows an accepted file records


def csv_bytes(
    rows: list[dict[str, str]],
    header: list[str] = HEADER,
    encoding: str = "utf-8",
    newline: str = "\n",
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(k, "") for k in header])
    return out.getvalue().encode(encoding)


def text(value: str, encoding: str = "utf-8") -> Callable[[], bytes]:
    return lambda: value.encode(encoding)


def jsonl(*objects: Any) -> Callable[[], bytes]:
    return lambda: "".join(
        (o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objects
    ).encode()


def xlsx(
    rows: list[list[Any]],
    prepare: Callable[[Any], None] | None = None,
    patch: tuple[bytes, bytes] | None = None,
) -> Callable[[], bytes]:
    """An XLSX of ``rows``; ``patch`` replaces bytes in the sheet's XML (to write what
    Excel writes and openpyxl would not)."""

    def build() -> bytes:
        from openpyxl import Workbook

        from ledger.journal.write import _normalise_zip

        book = Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        if prepare is not None:
            prepare(sheet)
        path = HERE / ".build.xlsx"
        book.save(path)
        if patch is not None:
            _patch_sheet(path, *patch)
        _normalise_zip(path)  # fixed timestamps: the same corpus gives the same bytes
        data = path.read_bytes()
        path.unlink()
        return data

    return build


def _patch_sheet(path: Path, old: bytes, new: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(path) as src:
        entries = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in entries:
            dst.writestr(name, data.replace(old, new) if name.endswith("sheet1.xml") else data)


def _merge(ref: str) -> Callable[[Any], None]:
    return lambda sheet: sheet.merge_cells(ref)


def _array_formula(sheet: Any) -> None:
    from openpyxl.worksheet.formula import ArrayFormula

    sheet["G3"] = ArrayFormula("G3:G3", "=SUM(G2:G2)")


def _noon() -> Any:
    from datetime import datetime

    return datetime(2024, 3, 1, 12, 30)


ROW = [pay("V-ok")[k] for k in HEADER[:-1]] + [None]
# fmt: off
GBK_HEADER = ["业务日期", "类型", "预算年度", "单位编码", "单位名称", "指标编号", "资金性质", "功能科目", "支出类型", "经济科目", "金额", "文号", "摘要"]
GBK_ROWS = [
    ["2024-01-05", "年初批复", "2024", "900003", "中共测试市委网络安全和信息化委员会办公室", "甲01", "一般公共预算", "2013701", "公用经费", "", "8000.00", "测财预〔2024〕1号", "年初预算"],
    ["2024-03-08", "支付", "2024", "900003", "", "甲01", "", "", "", "30201", "1250.50", "记-003", "购买办公用品（打印纸、硒鼓）"],
    ["2024-04-10", "支付", "2024", "900003", "", "甲01", "", "", "", "30211", "2300.00", "记-017", "差旅费——赴省厅汇报·二季度"],
]
# fmt: on


def gbk(rows: list[list[str]]) -> Callable[[], bytes]:
    """What Excel on Chinese Windows saves as "CSV (逗号分隔)": code page 936, CRLF."""

    def build() -> bytes:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows([GBK_HEADER, *rows])
        return out.getvalue().encode("gbk")

    return build


def row(**kw: str) -> Callable[[], bytes]:
    """A file of one good payment (row 2) and a bad one (row 3)."""
    return lambda: csv_bytes([pay("V-ok"), {**pay("V-bad"), **kw}])


def lines(**kw: str) -> Callable[[], bytes]:
    """A file opening two lines of unit 900002, the second with ``kw`` (row 3)."""
    return lambda: csv_bytes(
        [opening("甲1"), opening("甲2", **kw)], header=list(opening("x", **kw))
    )


def after(good: Callable[[], bytes], bad: bytes) -> Callable[[], bytes]:
    return lambda: good() + bad


A1 = "2024-03-01,payment,2024,900001,A1,30201,"

# fmt: off
CASES: list[Case] = [
    # --- read correctly ---------------------------------------------------------------
    Case("gbk_excel_chinese_windows.csv", gbk(GBK_ROWS), (), rows=3),
    Case("utf8_bom_crlf.csv", lambda: codecs.BOM_UTF8 + csv_bytes([pay("V-bom")], newline="\r\n"), (), rows=1),
    Case("blank_lines.csv", after(lambda: csv_bytes([pay("V-b1")]), f"\n,,,,,,,,\n\n{A1}10.00,V-b2,\n".encode()), (), rows=2),
    Case("chinese_kind_words.csv", lambda: csv_bytes([{**pay("V-cn"), "kind": "支付"}]), (), rows=1),
    Case("number_cells.xlsx", xlsx([HEADER, ["2024-03-02", "payment", 2024, 900001, "A1", 30201, 12.5, "V-num"]]), (), rows=1),
    Case("bom_crlf.jsonl", lambda: codecs.BOM_UTF8 + json.dumps(pay("V-jb"), ensure_ascii=False).encode() + b"\r\n", (), rows=1),
    # --- the file as a whole ----------------------------------------------------------
    Case("empty.csv", text(""), ("文件为空",)),
    Case("bom_only.csv", lambda: codecs.BOM_UTF8, ("文件为空",)),
    Case("header_only.csv", lambda: csv_bytes([]), ("没有任何数据行",)),
    Case("utf16_unicode_text.csv", lambda: "\t".join(HEADER).encode("utf-16"), ("UTF-16",)),
    Case("binary_png.csv", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ("NUL 字节：不是 CSV 文本文件",)),
    Case("unterminated_quote.csv", after(lambda: csv_bytes([pay("V-q")]), f'{A1}"10.00,V-x,memo\n'.encode()), ("第 3 行", "引号没有闭合")),
    Case("stray_quote.csv", after(lambda: csv_bytes([pay("V-q")]), f'{A1}"10.00"x,V-x,\n'.encode()), ("第 3 行", "引号用法不正确")),
    Case("empty.jsonl", text("\n\n"), ("没有任何数据行",)),
    Case("not_a_zip.xlsx", lambda: csv_bytes([pay("V-z")]), ("无法作为 XLSX 打开",)),
    Case("empty_sheet.xlsx", xlsx([]), ("工作表为空",)),
    # --- the header -------------------------------------------------------------------
    Case("missing_amount_column.csv", lambda: csv_bytes([pay("V-m")], header=[h for h in HEADER if h != "amount"]), ("第 1 行", "缺少必需的列：amount（金额）")),
    Case("unknown_column.csv", lambda: csv_bytes([pay("V-u")], header=[*HEADER[:-1], "amout"]), ("第 1 行", "未知列「amout」", "第 9 列")),
    Case("duplicate_header_alias.csv", lambda: csv_bytes([pay("V-d")], header=[*HEADER, "金额"]), ("第 1 行", "表头重复：「金额」与另一列同为 amount（金额）")),
    Case("duplicate_header_same.csv", lambda: csv_bytes([pay("V-d")], header=[*HEADER, "doc"]), ("第 1 行", "表头重复：「doc」")),
    Case("empty_header_cell.csv", lambda: csv_bytes([pay("V-e")], header=[*HEADER[:2], "", *HEADER[2:]]), ("第 1 行", "表头第 3 列为空")),
    Case("semicolon_separated.csv", lambda: ";".join(HEADER).encode() + b"\n2024-03-01;payment\n", ("第 1 行", "分隔符应为英文逗号，此文件似乎用了分号")),
    Case("tab_separated.csv", lambda: "\t".join(HEADER).encode() + b"\n2024-03-01\tpayment\n", ("第 1 行", "制表符")),
    Case("unknown_key.jsonl", jsonl(pay("V-k1"), {**pay("V-k2"), "amout": "1"}), ("第 2 行", "未知列「amout」")),
    Case("alias_and_name.jsonl", jsonl(pay("V-a1"), {**pay("V-a2"), "金额": "1.00"}), ("第 2 行", "表头重复")),
    # --- one cell ---------------------------------------------------------------------
    Case("three_decimals.csv", row(amount="12.345"), ("第 3 行，列 amount（金额）：金额最多两位小数",)),
    Case("negative_payment.csv", row(amount="-10.00"), ("第 3 行，列 amount（金额）：金额必须大于零",)),
    Case("zero_payment.csv", row(amount="0"), ("第 3 行，列 amount（金额）：金额必须大于零",)),
    Case("scientific_notation.csv", row(amount="1.5E+3"), ("第 3 行，列 amount（金额）", "不接受科学计数法")),
    Case("thousands_separator.csv", row(amount="1,000.00"), ("第 3 行，列 amount（金额）", "千分位")),
    Case("fullwidth_amount.csv", row(amount="１０.００"), ("第 3 行，列 amount（金额）", "全角")),
    Case("currency_sign.csv", row(amount="￥10.00"), ("第 3 行，列 amount（金额）", "货币符号")),
    Case("huge_amount.csv", row(amount="99999999999999999999.99"), ("第 3 行，列 amount（金额）", "金额过大")),
    Case("fullwidth_date.csv", row(date="２０２４-０３-０１"), ("第 3 行，列 date（业务日期）", "全角")),
    Case("fullwidth_year.csv", row(year="２０２４"), ("第 3 行，列 year（预算年度）", "全角")),
    Case("fullwidth_economic.csv", row(economic="３０２０１"), ("第 3 行，列 economic（经济科目）", "全角")),
    Case("fullwidth_line.csv", row(line="Ａ1"), ("第 3 行，列 line（指标编号）", "全角")),
    Case("date_outside_year.csv", row(date="2025-01-02"), ("第 3 行，列 date（业务日期）：业务日期 2025-01-02 不在预算年度 2024 内",)),
    Case("date_impossible.csv", row(date="2024-02-30"), ("第 3 行，列 date（业务日期）：不存在的日期",)),
    Case("date_slashes.csv", row(date="2024/03/01"), ("第 3 行，列 date（业务日期）：日期格式应为 YYYY-MM-DD",)),
    Case("year_out_of_range.csv", row(year="9999", date="9999-03-01"), ("第 3 行，列 year（预算年度）", "不在 1990–2100 之间")),
    Case("unknown_kind.csv", row(kind="refund"), ("第 3 行，列 kind（类型）：未知类型「refund」",)),
    Case("unknown_economic_code.csv", row(economic="30288"), ("第 3 行，列 economic（经济科目）：经济科目 30288 不在代码表中",)),
    Case("short_economic_code.csv", row(economic="302"), ("第 3 行，列 economic（经济科目）：经济科目应为 5 位款级代码",)),
    Case("unknown_function_code.csv", lines(function="2999999"), ("第 3 行，列 function（功能科目）：功能科目 2999999 不在代码表中",)),
    Case("unknown_fund.csv", lines(fund="中央财政"), ("第 3 行，列 fund（资金性质）：「中央财政」不是有效值",)),
    Case("personnel_line_restricted_to_public_code.csv", lines(category="人员经费", economic="30201"), ("第 3 行，列 economic（经济科目）：人员经费指标的经济科目须属 301 或 303 类（30201）",)),
    Case("income_on_fiscal_fund.csv", lambda: csv_bytes([{**UNIT, "date": "2024-03-01", "kind": "income", "fund": "一般公共预算", "function": "2013701", "income_type": "其他收入", "amount": "100.00", "doc": "收-1"}], header=["date", "kind", "year", "unit", "fund", "function", "income_type", "amount", "doc"]), ("第 2 行，列 fund（资金性质）：收入只记录非财政拨款资金",)),
    Case("control_character.csv", row(memo="办公\x07用品"), ("第 3 行，列 memo（摘要）：含有控制字符",)),
    Case("formula_text.csv", row(memo='=HYPERLINK("http://x","点我")'), ("第 3 行，列 memo（摘要）", "会被电子表格当作公式")),
    Case("long_doc.csv", row(doc="凭" * 65), ("第 3 行，列 doc（文号）：内容过长（65 个字符，最多 64 个）",)),
    Case("column_not_for_kind.csv", lambda: csv_bytes([pay("V-ok"), {**pay("V-bad"), "to_line": "A2"}], header=[*HEADER, "to_line"]), ("第 3 行，列 to_line（调入指标）：此列不适用于支付",)),
    Case("missing_economic.csv", row(economic=""), ("第 3 行，列 economic（经济科目）：支付（payment）必须填写此列",)),
    Case("extra_cells.csv", after(lambda: csv_bytes([pay("V-ok")]), f"{A1}10.00,V-x,,surprise\n".encode()), ("第 3 行", "第 10 个单元格「surprise」在表头之外")),
    # --- codes that are not what they look like (issue 12) ------------------------
    Case("slash_in_unit.csv", row(unit="105001/2024"), ("第 3 行，列 unit（单位编码）", "「/」")),
    Case("slash_in_line.csv", row(line="2024/01"), ("第 3 行，列 line（指标编号）", "「/」")),
    Case("zero_width_doc.csv", row(doc="ZF\u200b-1"), ("第 3 行，列 doc（文号）", "U+200B")),
    Case("word_joiner_doc.csv", row(doc="ZF-\u20601"), ("第 3 行，列 doc（文号）", "U+2060")),
    Case("soft_hyphen_doc.csv", row(doc="ZF\u00ad-1"), ("第 3 行，列 doc（文号）", "U+00AD")),
    Case("combining_joiner_doc.csv", row(doc="ZF-\u034f1"), ("第 3 行，列 doc（文号）", "U+034F")),
    Case("bom_inside_doc.csv", row(doc="ZF-\ufeff1"), ("第 3 行，列 doc（文号）", "U+FEFF")),
    Case("bidi_override_doc.csv", row(doc="ZF-\u202e1"), ("第 3 行，列 doc（文号）", "U+202E")),
    Case("cyrillic_line.csv", row(line="\u04101"), ("第 3 行，列 line（指标编号）", "CYRILLIC")),
    Case("dash_first_code.csv", row(doc="-1"), ("第 3 行，列 doc（文号）", "不能以「-」开头")),
    # --- free text ----------------------------------------------------------------
    Case("noncharacter_memo.jsonl", jsonl(pay("V-j1"), {**pay("V-j2"), "memo": "a\uffffb"}), ("第 2 行，列 memo（摘要）", "U+FFFF")),
    Case("bidi_override_memo.csv", row(memo="某\u202e司公"), ("第 3 行，列 memo（摘要）", "显示方向")),
    Case("c1_control_memo.csv", row(memo="办公\x9b31m"), ("第 3 行，列 memo（摘要）", "控制字符")),
    # --- journals that say where they end ------------------------------------------
    Case("cut_export.csv", lambda: b"#budget-ledger-journal\n" + csv_bytes([pay("V-c1")]), ("文件没有结束标记",)),
    Case("miscounted_export.jsonl", jsonl({"journal": "budget-ledger"}, pay("V-c2"), {"end": 2}), ("结束标记说此前有 2 行，实有 1 行",)),
    Case("after_end.csv", lambda: b"#budget-ledger-journal\n" + csv_bytes([pay("V-c3")]) + b"#end,1\n" + A1.encode() + b"1.00,V-c4,\n", ("结束标记（第 4 行）之后还有内容",)),
    Case("whole_export.csv", lambda: b"#budget-ledger-journal\n" + csv_bytes([pay("V-c5", memo="'+1")]) + b"#end,1\n", (), rows=1),
    # --- JSON Lines -------------------------------------------------------------------
    Case("not_an_object.jsonl", jsonl(pay("V-j1"), "[1, 2]"), ("第 2 行", "每行应为一个 JSON 对象")),
    Case("invalid_json.jsonl", jsonl(pay("V-j1"), '{"date": "2024-03-01",'), ("第 2 行", "不是有效的 JSON")),
    Case("duplicate_key.jsonl", jsonl(pay("V-j1"), '{"amount": "1.00", "amount": "2.00"}'), ("第 2 行", "键「amount」重复出现")),
    Case("nested_value.jsonl", jsonl(pay("V-j1"), {**pay("V-j2"), "amount": {"value": 1}}), ("第 2 行，列 amount（金额）：值应为字符串、数字或 null",)),
    Case("boolean_value.jsonl", jsonl(pay("V-j1"), {**pay("V-j2"), "amount": True}), ("第 2 行，列 amount（金额）",)),
    Case("nan_amount.jsonl", jsonl(pay("V-j1"), json.dumps(pay("V-j2")).replace('"10.00"', "NaN")), ("第 2 行", "不接受 NaN")),
    Case("scientific_number.jsonl", jsonl(pay("V-j1"), json.dumps(pay("V-j2")).replace('"10.00"', "1e5")), ("第 2 行，列 amount（金额）", "科学计数法")),
    Case("lone_surrogate.jsonl", jsonl(pay("V-j1"), json.dumps({**pay("V-j2"), "memo": "\udb74"})), ("第 2 行，列 memo（摘要）：含有无效的 Unicode 字符",)),
    Case("invalid_utf8.jsonl", lambda: jsonl(pay("V-j1"))() + b'{"memo": "\xff\xfe"}\n', ("第 2 行不是有效的 UTF-8 文本",)),
    # --- XLSX -------------------------------------------------------------------------
    Case("formula.xlsx", xlsx([HEADER, ROW, [*ROW[:6], "=G2*2", "V-f"]]), ("第 3 行，列 amount（金额）：单元格含公式「=G2*2」",)),
    Case("array_formula.xlsx", xlsx([HEADER, ROW, [*ROW[:6], None, "V-f"]], _array_formula), ("第 3 行，列 amount（金额）", "数组公式")),
    Case("merged_cells.xlsx", xlsx([HEADER, ROW, [None, *ROW[1:7], "V-m"]], _merge("A2:A3")), ("第 2 行，列 date（业务日期）：合并单元格 A2:A3",)),
    Case("merged_title.xlsx", xlsx([["2024 年支付明细"], HEADER, ROW], _merge("A1:I1")), ("第 1 行", "合并单元格 A1:I1")),
    Case("error_value.xlsx", xlsx([HEADER, ROW, [*ROW[:6], "#DIV/0!", "V-e"]]), ("第 3 行，列 amount（金额）：单元格为错误值 #DIV/0!",)),
    Case("boolean_cell.xlsx", xlsx([HEADER, ROW, [*ROW[:6], True, "V-b"]]), ("第 3 行，列 amount（金额）：单元格为逻辑值 TRUE",)),
    Case("float_artifact.xlsx", xlsx([HEADER, ROW, [*ROW[:6], 0.3, "V-f"]], patch=(b"<v>0.3</v>", b"<v>0.30000000000000004</v>")), ("第 3 行，列 amount（金额）：金额最多两位小数",)),
    Case("date_with_time.xlsx", xlsx([HEADER, ROW, [_noon(), *ROW[1:7], "V-t"]]), ("第 3 行，列 date（业务日期）：日期单元格带有时间",)),
    Case("content_beyond_header.xlsx", xlsx([HEADER, ROW, [*ROW[:8], None, None, "多余"]]), ("第 3 行", "K 列在表头之外，却有内容「多余」")),
    Case("damaged_sheet.xlsx", xlsx([HEADER, ROW, ROW], patch=(b"V-ok", "V-ok\uffff".encode())), ("XLSX 文件内容已损坏",)),
    Case("fullwidth_amount.xlsx", xlsx([HEADER, ROW, [*ROW[:6], "１０.００", "V-w"]]), ("第 3 行，列 amount（金额）", "全角")),
    # --- the ledger's rules (the row is well-formed, the fact is not) ---------------
    Case("overspend.csv", row(amount="995.00"), ("第 3 行，列 amount（金额）", "可用余额不足")),
    Case("duplicate_voucher.csv", lambda: csv_bytes([pay("V-dup"), pay("V-dup", amount="20.00")]), ("第 3 行，列 doc（文号）",)),
    Case("unknown_line.csv", row(line="ZZ9"), ("第 3 行，列 line（指标编号）", "没有指标 ZZ9")),
    Case("personnel_economic_on_public_line.csv", row(economic="30101"), ("第 3 行，列 economic（经济科目）",)),
    # --- performance rows (绩效) -------------------------------------------------------
    Case("perf_unknown_project.csv", performance(perf("target", **OUTPUT, target="≥5次", project_code="P-X")), ("第 3 行，列 project_code（项目编码）", "没有项目编码为 P-X 的项目")),
    Case("perf_revision_unset.csv", performance(perf("target_revision", **OUTPUT, target="≥6次")), ("第 3 行，列 indicator（三级指标）", "尚未设定绩效目标")),
    Case("perf_progress_unset.csv", performance(perf("progress", **OUTPUT, actual="3次")), ("第 3 行，列 indicator（三级指标）", "尚未设定绩效目标，不能绩效监控")),
    Case("perf_score_above_weight.csv", performance(perf("target", **OUTPUT, target="≥5次"), perf("evaluation", **OUTPUT, actual="5次", weight="5", score="6")), ("第 4 行，列 score（得分）", "得分 6 超过分值 5")),
    Case("perf_second_evaluation.csv", performance(perf("target", **OUTPUT, target="≥5次"), perf("evaluation", **OUTPUT, actual="5次", weight="5", score="5"), perf("evaluation", **OUTPUT, actual="5次", weight="5", score="4", doc="绩效-2")), ("第 5 行，列 score（得分）", "该项已自评")),
    Case("perf_level1_outside.csv", performance(perf("target", level1="产出", level2="数量指标", indicator="培训次数", target="≥5次")), ("第 3 行，列 level1（一级指标）", "一级指标须为")),
    Case("perf_weight_three_decimals.csv", performance(perf("evaluation", **OUTPUT, target="≥5次", actual="5次", weight="5.125")), ("第 3 行，列 weight（分值）", "最多两位小数")),
    Case("perf_negative_score.csv", performance(perf("evaluation", **OUTPUT, target="≥5次", actual="5次", weight="5", score="-1")), ("第 3 行，列 score（得分）", "不小于 0")),
    Case("perf_amount_given.csv", performance(perf("target", **OUTPUT, target="≥5次", amount="10.00")), ("第 3 行，列 amount（金额）", "此列不适用于绩效目标（target）")),
    Case("perf_line_given.csv", performance(perf("progress", **OUTPUT, actual="3次", line="P1")), ("第 3 行，列 line（指标编号）", "此列不适用于绩效监控（progress）")),
    Case("perf_evaluation_too_late.csv", performance(perf("evaluation", **OUTPUT, target="≥5次", actual="5次", date="2026-01-10")), ("第 3 行，列 date（业务日期）", "须在 2024 年或 2025 年内")),
    Case("perf_target_outside_year.csv", performance(perf("target", **OUTPUT, target="≥5次", date="2025-01-02")), ("第 3 行，列 date（业务日期）", "不在预算年度 2024 内")),
]
# fmt: on


def write_all() -> None:
    for case in CASES:
        (HERE / case.name).write_bytes(case.build())


if __name__ == "__main__":
    write_all()
