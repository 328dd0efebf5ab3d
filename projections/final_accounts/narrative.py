"""情况说明 (the seeds' 第二部分 tables and 第三部分 text) in Markdown: every figure and
percentage filled from the ledger; comparisons with last year when the ledger holds last
year; reasons, purposes and counts the ledger cannot know left as marked blanks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.domain.values import PERSONNEL_ECONOMIC_CLASSES
from ledger.money import ratio_percent, wan
from projections.final_accounts import layouts as L
from projections.final_accounts.document import FinalAccounts
from projections.final_accounts.grid import markdown_lines
from projections.final_accounts.performance_narrative import grade_summary, performance_lines
from projections.final_accounts.rollup import TOTAL
from projections.queries.grouping import Names

REASON = "【请填写：主要原因】"


def blank(what: str) -> str:
    """A marked blank for people to fill in."""
    return f"【请填写：{what}】"


def money(fen: int) -> str:
    return f"{wan(fen):.2f}万元"


def share(part: int, whole: int) -> str:
    p = ratio_percent(part, whole)
    return "—" if p is None else f"{p:.2f}%"


def change(now: int, before: int | None) -> str:
    """比上年: 增加/减少 X 万元，增长/下降 P%."""
    if before is None:
        return blank("与上年相比的增减额和增减率（本账无上年数据）")
    if now == before:
        return "与上年持平"
    rate = ratio_percent(abs(now - before), before)
    pct = "" if rate is None else f"，{'增长' if now > before else '下降'}{rate:.2f}%"
    return f"{'增加' if now > before else '减少'}{money(abs(now - before))}{pct}"


def narrative(doc: FinalAccounts, prior: FinalAccounts | None = None) -> str:
    f = doc.facts
    year = f.scope.year
    t = doc.tables
    p = prior.tables if prior else None
    lines = [f"# {f.entity_name} {year}年度部门决算", ""]
    lines += [f"> {m}" for m in doc.marks()] + ([""] if doc.marks() else [])
    lines += [f"## 第二部分 {year}年度部门决算表", ""]
    for sheet in doc.money_sheets():
        lines += markdown_lines(sheet)
    lines += ["## 第三部分 情况说明", ""]
    for title, body in _sections(year, t, p, f.names, doc):
        lines += [f"### {title}", "", *body, ""]
    return "\n".join(lines)


def _get(p: dict[str, Any] | None, *path: str) -> Any:
    for key in path:
        if p is None or not isinstance(p, dict):
            return None
        p = p.get(key)
    return p


def _sections(
    year: int,
    t: dict[str, Any],
    p: dict[str, Any] | None,
    names: Names,
    doc: FinalAccounts,
) -> Iterable[tuple[str, list[str]]]:
    a, c, d = t[L.T01.key], t[L.T03.key], t[L.T04.key]
    yield (
        "一、收入支出决算总体情况说明",
        [
            f"{year}年度收入总计{money(a['收入总计'])}，支出总计{money(a['支出总计'])}。"
            f"与上年相比，收入总计{change(a['收入总计'], _get(p, L.T01.key, '收入总计'))}，"
            f"支出总计{change(a['支出总计'], _get(p, L.T01.key, '支出总计'))}。主要原因是{REASON}。"
        ],
    )
    received = a["本年收入合计"]
    fiscal = sum(a["income"][f"{L.FISCAL_NAMES[f]}收入"] for f in L.FISCAL)
    parts = [("财政拨款收入", fiscal)] + [
        (k, v) for k, v in a["income"].items() if v and not k.endswith("财政拨款收入")
    ]
    yield (
        "二、收入决算情况说明",
        [
            f"{year}年度收入合计{money(received)}，其中：",
            *_listing((k, v, received) for k, v in parts if v or k == "财政拨款收入"),
        ],
    )
    total = c["rows"][TOTAL]
    spent = list(zip(c["columns"][1:], total[1:], strict=True))
    yield (
        "三、支出决算情况说明",
        [
            f"{year}年度支出合计{money(total[0])}，其中：",
            *_listing((k, v, total[0]) for k, v in spent if v or k in (L.BASIC, L.PROJECT)),
        ],
    )
    yield (
        "四、财政拨款收支决算总体情况说明",
        [
            f"{year}年度财政拨款收入总计{money(d['总计'])}，支出总计{money(d['总计'])}。"
            f"与上年相比，财政拨款收入总计{change(d['总计'], _get(p, L.T04.key, '总计'))}；"
            f"财政拨款支出总计{change(d['总计'], _get(p, L.T04.key, '总计'))}。主要原因是{REASON}。"
        ],
    )
    yield "五、一般公共预算财政拨款支出决算情况说明", _general(year, t, p, names)
    yield "六、一般公共预算财政拨款基本支出决算情况说明", _basic(year, t, names)
    yield "七、政府性基金预算财政拨款收支决算情况说明", _fund(t)
    yield "八、国有资本经营预算财政拨款支出决算情况说明", _state_capital(t)
    yield "九、财政拨款“三公”经费支出决算情况说明", _sangong(year, t, p)
    yield "十、其他重要事项情况说明", _other(year, t, p, doc)


def _listing(items: Iterable[tuple[str, int, int]]) -> list[str]:
    rows = [f"{name}{money(v)}，占比{share(v, whole)}" for name, v, whole in items]
    return [row + ("；" if i < len(rows) - 1 else "。") for i, row in enumerate(rows)]


def _general(year: int, t: dict[str, Any], p: dict[str, Any] | None, names: Names) -> list[str]:
    def class_name(code: str) -> str:
        return names.name("function", code) or code

    e, a = t[L.T05.key], t[L.T01.key]
    spent = e["rows"][TOTAL][0]
    before = _get(p, L.T05.key, "rows", TOTAL)
    lines = [
        "（一）一般公共预算财政拨款支出决算总体情况",
        "",
        f"{year}年一般公共预算财政拨款决算支出{money(spent)}，占本年支出合计的"
        f"{share(spent, a['本年支出合计'])}。与上年相比，一般公共预算财政拨款支出"
        f"{change(spent, before[0] if before else None)}。主要原因是{REASON}。",
        "",
        "（二）一般公共预算财政拨款支出决算结构情况",
        "",
        f"{year}年度一般公共预算财政拨款支出{money(spent)}，主要用于以下方面：",
    ]
    classes = [(code, v[0]) for code, v in e["rows"].items() if len(code) == 3]
    lines += _listing((f"{class_name(code)}(类)", v, spent) for code, v in classes)
    budget, done = e["年初预算_by_class"], e["完成年初预算_percent"]
    lines += [
        "",
        "（三）一般公共预算财政拨款支出决算具体情况",
        "",
        f"{year}年度一般公共预算财政拨款支出年初预算{money(budget[TOTAL])}，支出决算"
        f"{money(spent)}，完成年初预算的{_pct(done[TOTAL])}。其中：",
    ]
    for code in (c for c in budget if c != TOTAL):
        amount = e["rows"].get(code, [0])[0]
        last = _get(p, L.T05.key, "rows", code)
        lines += [
            "",
            f"{class_name(code)}年初预算{money(budget[code])}，支出决算{money(amount)}，"
            f"完成年初预算的{_pct(done[code])}，用于{blank('主要用途')}。较上年决算"
            f"{change(amount, last[0] if last else (0 if p else None))}，主要原因是{REASON}。",
        ]
    return lines


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value:.2f}%"


def _basic(year: int, t: dict[str, Any], names: Names) -> list[str]:
    g = t[L.T06.key]
    items = [(c, v) for c, v in g["rows"].items() if len(c) == 5 and v]

    def listed(personnel: bool) -> str:
        chosen = [(c, v) for c, v in items if (c[:3] in PERSONNEL_ECONOMIC_CLASSES) == personnel]
        text = "、".join(f"{names.name('economic', c) or c}{money(v)}" for c, v in chosen)
        return f"，主要包括{text}" if text else ""

    total = g["人员经费合计"] + g["公用经费合计"]
    return [
        f"{year}年度一般公共预算财政拨款基本支出{money(total)}，其中：",
        "",
        f"人员经费{money(g['人员经费合计'])}{listed(True)}；",
        "",
        f"公用经费{money(g['公用经费合计'])}{listed(False)}。",
    ]


def _fund(t: dict[str, Any]) -> list[str]:
    g = t[L.T07.key]
    if g == L.EMPTY:
        return ["本年度无此项收支。"]
    v = dict(zip(g["columns"], g["rows"][TOTAL], strict=True))
    return [
        f"年初结转和结余{money(v['年初结转和结余'])}，本年收入{money(v['本年收入'])}，本年支出"
        f"{money(v['本年支出小计'])}（基本支出{money(v[L.BASIC])}，项目支出{money(v[L.PROJECT])}），"
        f"年末结转和结余{money(v['年末结转和结余'])}。主要用于{blank('主要用途')}。"
    ]


def _state_capital(t: dict[str, Any]) -> list[str]:
    h = t[L.T08.key]
    if h == L.EMPTY:
        return ["本年度无此项支出。"]
    total, basic, project = h["rows"][TOTAL]
    return [
        f"本年支出{money(total)}，其中基本支出{money(basic)}，项目支出{money(project)}。"
        f"主要用于{blank('主要用途')}。"
    ]


def _sangong(year: int, t: dict[str, Any], p: dict[str, Any] | None) -> list[str]:
    i = t[L.T09.key]
    budget, spent = i["预算数"], i["决算数"]

    def versus(name: str) -> str:
        done = ratio_percent(spent[name], budget[name])
        rate = f"，完成全年预算的{done:.2f}%" if done is not None else ""
        return f"{money(spent[name])}{rate}，比上年度{change(spent[name], _get(p, L.T09.key, '决算数', name))}"

    lines = [
        "（一）“三公”经费财政拨款支出决算总体情况说明",
        "",
        f"{year}年度“三公”经费财政拨款支出全年预算{money(budget[TOTAL])}，支出决算"
        f"{versus(TOTAL)}，主要原因是{REASON}。其中：",
    ]
    for name in ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费"):
        lines += ["", f"{name}支出{versus(name)}，主要原因是{REASON}；"]
    lines += [
        "",
        "（二）“三公”经费财政拨款支出决算具体情况说明",
        "",
        f"1、因公出国（境）费支出{money(spent['因公出国（境）费'])}，出国团组共{blank('个数')}个，"
        f"{blank('人次')}人次。主要用于{blank('主要用途')}。",
        "",
        f"2、公务用车购置支出{money(spent['公务用车购置费'])}，使用财政拨款共购置公务用车"
        f"{blank('辆数')}辆，主要用于{blank('主要用途')}。",
        "",
        f"3、公务用车运行维护费支出{money(spent['公务用车运行维护费'])}，使用财政拨款负担的公务用车"
        f"保有量共{blank('辆数')}辆，主要用于{blank('主要用途')}。",
        "",
        f"4、公务接待费支出{money(spent['公务接待费'])}，共接待{blank('批次')}批次，"
        f"{blank('人次')}人次，主要用于{blank('主要用途')}。",
        "",
        f"另：会议费支出{money(spent['会议费'])}（全年预算{money(budget['会议费'])}），"
        f"培训费支出{money(spent['培训费'])}（全年预算{money(budget['培训费'])}）。",
    ]
    return lines


def _by_type(figures: dict[str, int]) -> str:
    return "、".join(f"{kind}{money(figures[kind])}" for kind in L.PROCUREMENT)


def _planned_procurement(j: dict[str, Any]) -> str:
    """The 政府采购预算 beside what was bought: the scope's, then each unit's when a
    department has more than one procuring."""
    plan, bought = j["政府采购预算"], j["政府采购"]
    if not plan[TOTAL]:
        return f"政府采购预算{blank('金额（本账未记录政府采购预算）')}。"
    text = (
        f"政府采购预算{money(plan[TOTAL])}（{_by_type(plan)}），"
        f"实际采购占预算的{share(bought[TOTAL], plan[TOTAL])}。"
    )
    units = j["政府采购_by_unit"]
    if len(units) > 1:
        text += (
            "其中："
            + "；".join(
                f"{name}预算{money(u['预算数'][TOTAL])}（{_by_type(u['预算数'])}），"
                f"实际采购{money(u['决算数'][TOTAL])}（{_by_type(u['决算数'])}）"
                for name, u in units.items()
            )
            + "。"
        )
    return text


def _other(
    year: int,
    t: dict[str, Any],
    p: dict[str, Any] | None,
    doc: FinalAccounts,
) -> list[str]:
    performance = doc.performance
    j, projects = t[L.T10.key], t[L.PROJECTS.key]
    running = sum(j["机关运行经费"].values())
    before = _get(p, L.T10.key, "机关运行经费")
    bought = j["政府采购"]
    rows = projects["rows"]
    budget = sum(r[0] for r in rows.values())
    spent = sum(r[1] for r in rows.values())
    lines = [
        "（一）机关运行经费支出情况说明",
        "",
        f"{year}年机关运行经费支出{money(running)}，比上年"
        f"{change(running, sum(before.values()) if before else None)}，主要原因是{REASON}。",
        "",
        "（二）政府采购情况说明",
        "",
        f"{year}年度政府采购支出总额{money(bought[TOTAL])}，其中：政府采购货物支出"
        f"{money(bought['货物'])}、政府采购工程支出{money(bought['工程'])}、政府采购服务支出"
        f"{money(bought['服务'])}。授予中小企业合同金额{blank('金额')}万元，其中授予小微企业合同"
        f"金额{blank('金额')}万元。{_planned_procurement(j)}",
        "",
        "（三）国有资产占用情况说明",
        "",
        f"截至{year}年12月31日，本部门（单位）共有车辆{blank('辆数')}辆；单价100万元（含）以上"
        f"设备（不含车辆）{blank('台（套）数')}台（套）。",
        "",
        "（四）预算绩效情况说明",
        "",
        f"{year}年度项目支出{len(rows)}个，全年预算{money(budget)}，全年执行{money(spent)}，"
        f"执行率{share(spent, budget)}。各项目资金执行情况如下（绩效自评等级"
        f"{grade_summary(performance) if performance else blank('自评等级')}）：",
        "",
        "| 项目 | 全年预算数 | 全年执行数 | 资金结（转）余 | 执行率 | 得分 |",
        "|---|---|---|---|---|---|",
    ]
    for key, (b, s, rest, rate, score, _) in rows.items():
        cells = (
            key,
            f"{wan(b):.2f}",
            f"{wan(s):.2f}",
            f"{wan(rest):.2f}",
            _pct(rate),
            _pct(score)[:-1] if score is not None else "—",
        )
        lines.append("| " + " | ".join(cells) + " |")
    if performance:
        lines += ["", *performance_lines(year, performance, doc.performance_projects)]
    return lines
