"""The published tables as data: keys, titles, column and row names, notes.

Declared once here and read by the table builders (JSON keys), the sheets (XLSX and
text) and the narrative. Names and order follow the published 部门决算公开表 (the
Changzhi seed) and 部门预算公开表 (the Jincheng and Shanxi seeds).
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.domain.values import Fund, IncomeType, Procurement, SpendType, UnitType


@dataclass(frozen=True)
class TableMeta:
    key: str  # the JSON key, e.g. ``t01_收入支出决算总表``
    code: str | None  # the printed table number, e.g. ``公开01表``
    title: str
    note: str
    sheet: str  # the XLSX sheet name (at most 31 characters)


# --- 部门决算公开表 -------------------------------------------------------------------

T01 = TableMeta(
    "t01_收入支出决算总表",
    "公开01表",
    "收入支出决算总表",
    "注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。",
    "公开01 收入支出决算总表",
)
T02 = TableMeta(
    "t02_收入决算表",
    "公开02表",
    "收入决算表",
    "注：本表反映部门本年度取得的各项收入情况。",
    "公开02 收入决算表",
)
T03 = TableMeta(
    "t03_支出决算表",
    "公开03表",
    "支出决算表",
    "注：本表反映部门本年度各项支出情况。",
    "公开03 支出决算表",
)
T04 = TableMeta(
    "t04_财政拨款收入支出决算总表",
    "公开04表",
    "财政拨款收入支出决算总表",
    "注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算"
    "财政拨款的总收支和年末结转结余情况。",
    "公开04 财政拨款收支总表",
)
T05 = TableMeta(
    "t05_一般公共预算财政拨款支出决算表",
    "公开05表",
    "一般公共预算财政拨款支出决算表",
    "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
    "公开05 一般公共预算支出",
)
T06 = TableMeta(
    "t06_一般公共预算财政拨款基本支出决算明细表",
    "公开06表",
    "一般公共预算财政拨款基本支出决算明细表",
    "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
    "公开06 基本支出明细",
)
T07 = TableMeta(
    "t07_政府性基金预算财政拨款收入支出决算表",
    "公开07表",
    "政府性基金预算财政拨款收入支出决算表",
    "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
    "公开07 政府性基金",
)
T08 = TableMeta(
    "t08_国有资本经营预算财政拨款支出决算表",
    "公开08表",
    "国有资本经营预算财政拨款支出决算表",
    "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",
    "公开08 国有资本经营",
)
T09 = TableMeta(
    "t09_财政拨款三公经费支出决算表",
    "公开09表",
    "财政拨款“三公”经费支出决算表",
    "注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
    "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",
    "公开09 三公经费",
)
T10 = TableMeta(
    "t10_部门决算公开相关信息统计表",
    "公开10表",
    "部门决算公开相关信息统计表",
    "注：本表反映部门本年度政府采购、机关运行经费和国有资产占用情况。",
    "公开10 相关信息统计",
)
PROJECTS = TableMeta(
    "projects",
    None,
    "项目支出绩效自评表（项目资金）",
    "注：全年预算数含上年结转和年度调整；执行率 = 全年执行数 ÷ 全年预算数；"
    "得分 = 10 × 执行率（最高 10 分）。",
    "项目支出绩效自评",
)
FINAL_TABLES = (T01, T02, T03, T04, T05, T06, T07, T08, T09, T10, PROJECTS)

EMPTY = "empty"  # the JSON value of a table without data
NO_DATA = "说明：本表无数据"
UNIT_LINE = "金额单位：万元"

# --- rows and columns ------------------------------------------------------------

FISCAL = (Fund.GENERAL, Fund.GOVERNMENT_FUND, Fund.STATE_CAPITAL)
# 公开04 names the fiscal funds with 财政拨款; 公开01 adds 收入.
FISCAL_NAMES = {fund: f"{fund.value}财政拨款" for fund in FISCAL}
INCOME_SOURCES = (
    *(f"{FISCAL_NAMES[f]}收入" for f in FISCAL),
    *(t.value for t in IncomeType),
)
_DIGITS = "一二三四五六七八九"


def numeral(n: int) -> str:
    """Chinese ordinal of the published row labels: 1 → 一, 12 → 十二, 26 → 二十六."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens - 1] + "十")
    return head + (_DIGITS[ones - 1] if ones else "")


T02_COLUMNS = ("本年收入合计", "财政拨款收入", *(t.value for t in IncomeType))
BASIC, PROJECT = "基本支出", "项目支出"
T03_COLUMNS = ("本年支出合计", BASIC, PROJECT, *(t.value for t in SpendType))
T05_COLUMNS = ("小计", BASIC, PROJECT)
T07_COLUMNS = ("年初结转和结余", "本年收入", "本年支出小计", BASIC, PROJECT, "年末结转和结余")
T08_COLUMNS = ("合计", BASIC, PROJECT)
PROJECT_COLUMNS = ("全年预算数", "全年执行数", "资金结(转)余", "执行率", "执行率得分", "年初预算数")

# 三公 and the two further items 09 reports, with their economic codes.
SANGONG = (
    ("因公出国（境）费", ("30212",)),
    ("公务用车购置费", ("31013", "30913")),
    ("公务用车运行维护费", ("30231",)),
    ("公务接待费", ("30217",)),
)
VEHICLES = "公务用车购置及运行维护费"
FURTHER = (("会议费", ("30215",)), ("培训费", ("30216",)))

PROCUREMENT = tuple(p.value for p in Procurement)
RUNNING_COST_UNITS = (
    (UnitType.ADMINISTRATIVE, "行政单位"),
    (UnitType.CIVIL_SERVICE_MANAGED, "参照公务员法管理事业单位"),
)
# Vehicles and large equipment (国有资产占用情况) are not in the ledger: 公开10 prints
# the rows for people to fill in.
ASSET_ROWS = (
    ("（一）车辆数合计（辆）", 7),
    ("1. 副部（省）级及以上领导用车", 8),
    ("2. 主要负责人用车", 9),
    ("3. 机要通信用车", 10),
    ("4. 应急保障用车", 11),
    ("5. 执法执勤用车", 12),
    ("6. 特种专业技术用车", 13),
    ("7. 离退休干部服务用车", 14),
    ("8. 其他用车", 15),
    ("（二）单价100万元（含）以上设备（不含车辆）", 16),
)

# 公开06: 人员经费 classes in the left block, 公用经费 classes over three blocks; 基本建设
# classes print "———" (not spent as 基本支出).
PERSONNEL_CLASSES = ("301", "303")
OPERATING_CLASSES = ("302", "307", "309", "310", "311", "312", "313", "399")
NOT_BASIC_CLASSES = ("309", "311")
DASH = "———"

# --- 部门预算公开表 ---------------------------------------------------------------------


def _budget(number: int, key: str, title: str, note: str, sheet: str) -> TableMeta:
    return TableMeta(key, f"预算公开表{number}", title, note, f"表{number} {sheet}")


B01 = _budget(
    1, "b01_收支总表", "部门收支总表", "注：本表反映部门本年度收支预算总体情况。", "收支总表"
)
B02 = _budget(2, "b02_收入总表", "部门收入总表", "注：本表反映部门本年度收入预算情况。", "收入总表")
B03 = _budget(
    3,
    "b03_支出总表",
    "部门支出总表",
    "注：本表反映部门本年度支出预算情况（含上年结转）。",
    "支出总表",
)
B04 = _budget(
    4,
    "b04_财政拨款收支总表",
    "财政拨款收支总表",
    "注：本表反映部门本年度财政拨款收支预算总体情况。",
    "财政拨款收支总表",
)
B05 = _budget(
    5,
    "b05_一般公共预算支出表",
    "一般公共预算支出表（不含上年结转）",
    "注：本表反映部门本年度一般公共预算当年拨款支出情况。",
    "一般公共预算支出",
)
B06 = _budget(
    6,
    "b06_一般公共预算基本支出表",
    "一般公共预算基本支出表（不含上年结转）",
    "注：本表反映部门本年度一般公共预算基本支出按经济科目的安排情况；批复时未限定经济科目的"
    "指标列在“未细化到经济科目”行。",
    "基本支出",
)
B07 = _budget(
    7,
    "b07_政府性基金预算支出表",
    "政府性基金预算支出表（不含上年结转）",
    "注：本表反映部门本年度政府性基金预算当年拨款支出情况。",
    "政府性基金",
)
B08 = _budget(
    8,
    "b08_国有资本经营预算支出表",
    "国有资本经营预算支出表（不含上年结转）",
    "注：本表反映部门本年度国有资本经营预算当年拨款支出情况。",
    "国有资本经营",
)
B09 = _budget(
    9,
    "b09_三公经费支出表",
    "财政拨款“三公”经费支出表",
    "注：本表反映部门本年度财政拨款安排的“三公”经费预算（限定于相应经济科目的指标）。",
    "三公经费",
)
B10 = _budget(
    10,
    "b10_机关运行经费",
    "财政拨款机关运行经费表",
    "注：本表反映行政单位和参照公务员法管理事业单位财政拨款安排的公用经费。",
    "机关运行经费",
)
B11 = _budget(
    11,
    "b11_项目支出表_本年预算",
    "项目支出表（本年预算）",
    "注：本表反映部门本年度项目支出预算（当年预算安排）。",
    "项目支出（本年）",
)
B12 = _budget(
    12,
    "b12_项目支出表_上年结转",
    "项目支出表（上年结转）",
    "注：本表反映部门上年结转到本年度的项目支出。",
    "项目支出（结转）",
)
B13 = _budget(
    13,
    "b13_政府采购预算",
    "政府采购预算表",
    "注：本表反映部门本年度批复指标中计划用于政府采购的金额（货物、工程、服务）。",
    "政府采购",
)
UNSPECIFIED = "（未细化到经济科目）"
NOT_DETAILED = "未细化"  # a project table's column for money approved without an economic code
# The budget's 三公 table also gives the figures its 说明 quotes (Shanxi: 委托业务费).
BUDGET_FURTHER = (*FURTHER, ("委托业务费", ("30227",)))
COMPARISON_COLUMNS = ("上年执行数", "本年预算数", "增减额", "增减(%)")
