"""Synthetic 部门决算 disclosures for tests and benchmarks.

``generate(n, out_dir, seed=0, formats=("txt",))`` writes ``n`` documents in the seeds'
tab-separated text style (the text reader parses all nine tables) plus ``manifest.json``:
for every document its unit, kind, level, size and the anomalies planted in it:

* statistical (``{"type": "statistical", "feature": ...}``): extreme unit completion rate,
  extreme project execution rate, extreme 三公 share, self-evaluation score far above execution;
* rule-level (``{"type": "rule", "defect": ..., "expected_rules": [...], "severity": ...}``): a T3
  row that does not add up, a narrative amount that differs from its table line, a 三公 total in
  the text that differs from T7, template residue "XX", spreadsheet debris "#DIV/0!".

Everything else is arithmetically consistent (every printed figure is rounded to 0.01 first and
every total is the sum of the printed parts). Magnitudes follow the seeds: totals from ~100 to
~20,000 万元, basic share 40–90 %, 公用经费 5–25 % of basic, 三公 0.2–2 % of spending.
Deterministic: the same (n, seed) gives byte-identical files.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from tools.synth_units import (
    _CAT_INDEX,
    _CAT_NAME,
    _CN_NUM,
    _KUAN,
    _T1_CATS,
    RULE_DEFECTS,
    STAT_FEATURES,
    Unit,
    _build_unit,
    fmt,
    pct,
    q,
    split,
)


def _tables(u: Unit, rng: random.Random, sangong: dict[str, Decimal], t6: dict[str, Decimal], break_row: bool) -> list[str]:
    L: list[str] = []
    hdr = [f"单位：{u.name}", "金额单位：万元"]
    items = u.items
    total = sum((it.total for it in items), Decimal(0))
    cats: dict[str, Decimal] = {}
    kuans: dict[str, Decimal] = {}
    for it in items:
        cats[it.code[:3]] = cats.get(it.code[:3], Decimal(0)) + it.total
        kuans[it.code[:5]] = kuans.get(it.code[:5], Decimal(0)) + it.total

    def cat_amount(idx: int) -> str:
        for c, k in _CAT_INDEX.items():
            if k == idx and c in cats:
                return fmt(cats[c])
        return ""

    # T1
    L += ["收入支出决算总表", "公开 01 表", *hdr, "收入\t\t\t支出\t\t", "项目\t行次\t金额\t项目\t行次\t金额", "栏次\t\t1\t栏次\t\t2"]
    inc = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入",
           "经营收入", "附属单位上缴收入", "其他收入"]
    for k in range(26):
        left = f"{_CN_NUM[k]}、{inc[k]}\t{k + 1}\t{fmt(total) if k == 0 else ''}" if k < 8 else f"\t{k + 1}\t"
        L.append(f"{left}\t{_CN_NUM[k]}、{_T1_CATS[k]}\t{k + 32}\t{cat_amount(k)}")
    L += [f"本年收入合计\t27\t{fmt(total)}\t本年支出合计\t58\t{fmt(total)}", "使用非财政拨款结余\t28\t\t结余分配\t59\t",
          "年初结转和结余\t29\t\t年末结转和结余\t60\t", "\t30\t\t\t61\t", f"总计\t31\t{fmt(total)}\t总计\t62\t{fmt(total)}",
          "注：本表反映部门本年度的总收支和年末结转结余情况。"]

    def coded_rows(cols: int, values: Any) -> list[str]:
        rows = ["合计\t\t" + "\t".join(values(None))]
        for c in sorted(cats):
            rows.append(f"{c}\t{_CAT_NAME[c]}\t" + "\t".join(values(("cat", c))))
            for k5 in sorted(k for k in kuans if k.startswith(c)):
                rows.append(f"{k5}\t{_KUAN[k5]}\t" + "\t".join(values(("kuan", k5))))
                for it in items:
                    if it.code.startswith(k5) and it.total:
                        rows.append(f"{it.code}\t{it.name}\t" + "\t".join(values(("item", it))))
        return rows

    def sums(sel: Any) -> tuple[Decimal, Decimal, Decimal]:
        if sel is None:
            its = items
        elif sel[0] == "item":
            its = [sel[1]]
        else:
            its = [it for it in items if it.code.startswith(sel[1])]
        b = sum((it.basic for it in its), Decimal(0))
        p = sum((it.project for it in its), Decimal(0))
        return b + p, b, p

    def blank(x: Decimal) -> str:
        return fmt(x) if x else ""

    # T2
    L += ["收入决算表", "公开 02 表", *hdr, "项目\t\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t附属单位上缴收入\t其他收入",
          "科目代码\t科目名称\t\t\t\t\t\t\t", "栏次\t\t1\t2\t3\t4\t5\t6\t7"]
    L += coded_rows(7, lambda s: [fmt(sums(s)[0]), fmt(sums(s)[0]), "", "", "", "", ""])
    L.append("注：本表反映部门本年度取得的各项收入情况。")
    # T3
    broken = {"done": not break_row}

    def t3_values(s: Any) -> list[str]:
        t, b, p = sums(s)
        if not broken["done"] and s is not None and s[0] == "item" and b:
            broken["done"] = True
            b = b + q(rng.uniform(5, 50))  # the planted row that does not add up
        return [fmt(t), blank(b), blank(p), "", "", ""]

    L += ["支出决算表", "公开 03 表", *hdr, "项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出",
          "科目代码\t科目名称\t\t\t\t\t\t", "栏次\t\t1\t2\t3\t4\t5\t6"]
    L += coded_rows(6, t3_values)
    L.append("注：本表反映部门本年度各项支出情况。")
    # T4
    L += ["财政拨款收入支出决算总表", "公开 04 表", *hdr, "收 入\t\t\t支 出\t\t\t\t\t",
          "项目\t行次\t金额\t项目\t行次\t合计\t一般公共预算 财政拨款\t政府性基金预算 财政拨款\t国有资本经营预 算财政拨款", "栏次\t\t1\t栏次\t\t2\t3\t4\t5"]
    inc4 = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营财政拨款"]
    for k in range(26):
        left = f"{_CN_NUM[k]}、{inc4[k]}\t{k + 1}\t{fmt(total) if k == 0 else ''}" if k < 3 else f"\t{k + 1}\t"
        a = cat_amount(k)
        L.append(f"{left}\t{_CN_NUM[k]}、{_T1_CATS[k]}\t{k + 33}\t{a}\t{a}\t\t")
    L += [f"本年收入合计\t27\t{fmt(total)}\t本年支出合计\t59\t{fmt(total)}\t{fmt(total)}\t\t",
          "年初财政拨款结转和结余\t28\t\t年末财政拨款结转和结余\t60\t\t\t\t", "一般公共预算财政拨款\t29\t\t\t61\t\t\t\t",
          "政府性基金预算财政拨款\t30\t\t\t62\t\t\t\t", "国有资本经营预算财政拨款\t31\t\t\t63\t\t\t\t",
          f"总计\t32\t{fmt(total)}\t总计\t64\t{fmt(total)}\t{fmt(total)}\t\t",
          "注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。"]
    # T5
    L += ["一般公共预算财政拨款支出决算表", "公开 05 表", *hdr, "项目\t\t本年支出\t\t", "科目代码\t科目名称\t小计\t基本支出\t项目支出", "栏次\t\t1\t2\t3"]
    L += coded_rows(3, lambda s: [fmt(sums(s)[0]), blank(sums(s)[1]), blank(sums(s)[2])])
    L.append("注：本表反映部门本年度一般公共预算财政拨款支出情况。")
    # T6 (three column pairs like the template)
    L += ["一般公共预算财政拨款基本支出决算明细表", "公开 06 表", *hdr, "人员经费\t\t\t公用经费\t\t\t\t\t",
          "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数"]
    left6 = [("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "津贴补贴"), ("30107", "绩效工资"),
             ("30108", "机关事业单位基本养老保险缴费"), ("30109", "职业年金缴费"), ("30110", "职工基本医疗保险缴费"),
             ("30113", "住房公积金"), ("303", "对个人和家庭的补助"), ("30302", "退休费")]
    mid6 = [("302", "商品和服务支出"), ("30201", "办公费"), ("30211", "差旅费"), ("30212", "因公出国（境）费用"),
            ("30217", "公务接待费"), ("30228", "工会经费"), ("30231", "公务用车运行维护费"), ("30299", "其他商品和服务支出"),
            ("", ""), ("", "")]
    right6 = [("307", "债务利息及费用支出"), ("30701", "国内债务付息"), ("310", "资本性支出"), ("31002", "办公设备购置"),
              ("31013", "公务用车购置"), ("399", "其他支出"), ("39999", "其他支出"), ("", ""), ("", ""), ("", "")]
    for (c1, n1), (c2, n2), (c3, n3) in zip(left6, mid6, right6, strict=True):
        L.append("\t".join([c1, n1, blank(t6.get(c1, Decimal(0))) if c1 else "", c2, n2, blank(t6.get(c2, Decimal(0))) if c2 else "",
                            c3, n3, blank(t6.get(c3, Decimal(0))) if c3 else ""]))
    L += [f"人员经费合计\t\t{fmt(t6['301'] + t6['303'])}\t公用经费合计\t\t\t\t{fmt(t6['302'] + t6['310'])}\t",
          "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"]
    # T8, T9 (empty, declared)
    L += ["政府性基金预算财政拨款收入支出决算表", "公开 07 表", *hdr,
          "项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余", "科目代码\t科目名称\t\t\t小计\t基本支出\t项目支出\t",
          "栏次\t\t1\t2\t3\t4\t5\t6", "合计\t\t\t\t\t\t\t",
          "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。本单位无政府性基金财政拨款收入支出，本表无数据。"]
    L += ["国有资本经营预算财政拨款支出决算表", "公开 08 表", *hdr, "项目\t\t本年支出\t\t", "科目代码\t科目名称\t合计\t基本支出\t项目支出",
          "栏次\t\t1\t2\t3", "合计\t\t\t\t", "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。本单位无国有资本经营预算财政拨款支出，本表无数据。"]
    # T7
    s = sangong
    L += ["财政拨款“三公”经费支出决算表", "公开 09 表", *hdr, "预算数\t\t\t\t\t\t决算数\t\t\t\t\t",
          "合计\t因公出国 (境)费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国 (境)费\t公务用车购置及运行费\t\t\t公务接待费",
          "\t\t小计\t公务用车 购置费\t公务用车 运行费\t\t\t\t小计\t公务用车 购置费\t公务用车 运行费\t",
          "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12"]
    vals = []
    for blk in ("b", "a"):
        car = s[f"{blk}_buy"] + s[f"{blk}_run"]
        vals += [s[f"{blk}_abroad"] + car + s[f"{blk}_host"], s[f"{blk}_abroad"], car, s[f"{blk}_buy"], s[f"{blk}_run"], s[f"{blk}_host"]]
    L.append("\t".join(fmt(v) for v in vals))
    L.append("注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。")
    return L


def _make(i: int, rng: random.Random, stat: str | None, defect: str | None) -> tuple[str, Unit]:
    u = _build_unit(rng, i)
    items = u.items
    total = sum((it.total for it in items), Decimal(0))
    basic = sum((it.basic for it in items), Decimal(0))
    # 三公 (决算 a_*, 预算 b_*)
    sg_total = q(total * Decimal(str(rng.uniform(0.002, 0.02))))
    if stat == "sangong_share":
        sg_total = q(total * Decimal(str(rng.uniform(0.2, 0.4))))
        u.anomalies.append({"type": "statistical", "feature": "sangong_share", "value": float(pct(sg_total, total))})
    abroad = Decimal(0) if rng.random() < 0.7 else q(sg_total * Decimal("0.2"))
    host, run = split(sg_total - abroad, [0.35, 0.65])
    s = {"a_abroad": abroad, "a_buy": Decimal(0), "a_run": run, "a_host": host}
    for k in ("abroad", "buy", "run", "host"):
        s[f"b_{k}"] = q(s[f"a_{k}"] * Decimal(str(rng.uniform(1.0, 1.25))))
    # T6 (basic spending by economic class)
    gy = q(basic * Decimal(str(rng.uniform(0.05, 0.25))))
    ry = basic - gy
    pension, annuity, medical, housing = items[2].basic, items[3].basic, items[4].basic, items[5].basic
    rest = ry - pension - annuity - medical - housing
    w = split(rest, [0.35, 0.2, 0.3, 0.15])
    t6 = {"30101": w[0], "30102": w[1], "30107": w[2], "30108": pension, "30109": annuity, "30110": medical, "30113": housing,
          "30302": w[3]}
    t6["303"] = w[3]
    t6["301"] = ry - w[3]
    cap = q(gy * Decimal("0.3"))
    t6_abroad, t6_host, t6_run = min(abroad, cap / 3), min(host, cap / 3), min(run, cap / 3)
    t6_abroad, t6_host, t6_run = q(t6_abroad), q(t6_host), q(t6_run)
    o = split(gy - t6_abroad - t6_host - t6_run, [0.3, 0.2, 0.1, 0.4])
    t6.update({"30201": o[0], "30211": o[1], "30212": t6_abroad, "30217": t6_host, "30228": o[2], "30231": t6_run, "30299": o[3]})
    t6["302"] = gy
    t6["310"] = Decimal(0)
    # budgets and performance
    budget_total = sum((it.budget for it in items), Decimal(0))
    if stat == "completion":
        c = Decimal(str(rng.choice((rng.uniform(600, 5000), rng.uniform(3, 15)))))
        budget_total = q(total * 100 / c)
        u.anomalies.append({"type": "statistical", "feature": "completion", "value": float(pct(total, budget_total))})
    proj_budget = q(items[1].project * Decimal(str(rng.uniform(1.0, 1.15)))) if items[1].project else Decimal("10.00")
    proj_exec = items[1].project if items[1].project else Decimal("10.00")
    rate = pct(proj_exec, proj_budget)
    weight = Decimal(20)
    exec_score = q(weight * min(rate, Decimal(100)) / 100)
    others = Decimal(80) - Decimal(rng.choice((0, 0, 1, 2, 3)))
    total_score = exec_score + others
    if stat == "execution":
        proj_budget = q(proj_exec * 100 / Decimal(str(rng.uniform(4, 25))))
        rate = pct(proj_exec, proj_budget)
        exec_score = q(weight * rate / 100)
        total_score = exec_score + others
        u.anomalies.append({"type": "statistical", "feature": "execution", "value": float(rate)})
    if stat == "score_gap":
        proj_budget = q(proj_exec * 100 / Decimal(str(rng.uniform(35, 48))))
        rate = pct(proj_exec, proj_budget)
        exec_score = Decimal("19.00")
        total_score = Decimal("99.00")
        u.anomalies.append({"type": "statistical", "feature": "score_gap", "value": float(total_score - rate)})
    if defect:
        rules, sev = RULE_DEFECTS[defect]
        u.anomalies.append({"type": "rule", "defect": defect, "expected_rules": rules, "severity": sev})
    # ------------------------------------------------------------------ text
    Y, P = u.year, u.year - 1
    last = q(total / Decimal(str(rng.uniform(0.85, 1.15))))
    diff = total - last
    updown = "增加" if diff >= 0 else "减少"
    g = pct(abs(diff), last)
    L = ["", u.name, f"{Y} 年度部门决算", "", "目 录", f"第一部分 {u.name}概况", f"第二部分 {u.name} {Y} 年度部门决算表",
         f"第三部分 {u.name} {Y} 年度部门决算情况说明", "第四部分 名词解释", "第五部分 附件", "",
         f"第一部分 {u.name}概况", "一、部门主要职责", f"（一）负责本地区{u.name[-4:]}相关工作的组织实施。", "（二）承办上级交办的其他事项。",
         "二、机构设置情况", f"{u.name}为{'行政单位' if u.kind == '行政' else '公益一类事业单位'}，编制 {u.staff + 2} 人，实有在职人员 {u.staff} 人。",
         "第二部分", f"{u.name} {Y} 年度", "部门决算表"]
    L += _tables(u, rng, s, t6, defect == "row_sum")
    b_pct, p_pct = pct(basic, total), pct(items[1].project, total)
    stated_total = total + q(rng.uniform(20, 80)) if defect == "narrative_amount" else total
    L += ["第三部分", f"{u.name} {Y} 年度部门决算情况说明", "一、收入支出决算总体情况说明",
          f"{Y} 年度收、支总计均为 {fmt(stated_total)} 万元。与 {P} 年度相比，收入总计{updown} {fmt(abs(diff))} 万元，{updown} {fmt(g)}%，主要原因是人员及业务工作变化。",
          "二、收入决算情况说明",
          f"{Y} 年度收入合计 {fmt(total)} 万元，其中：财政拨款收入 {fmt(total)} 万元，占本年收入 100.00%。",
          "三、支出决算情况说明",
          f"{Y} 年度支出合计 {fmt(total)} 万元，其中：基本支出 {fmt(basic)} 万元，占本年支出 {fmt(b_pct)}%；项目支出 {fmt(items[1].project)} 万元，占本年支出 {fmt(p_pct)}%。",
          "四、财政拨款收入支出决算总体情况说明",
          f"{Y} 年度财政拨款收、支总计均为 {fmt(total)} 万元。与 {P} 年度相比，财政拨款收、支总计{updown} {fmt(abs(diff))} 万元，{updown} {fmt(g)}%。主要原因是人员及业务工作变化。",
          "五、一般公共预算财政拨款支出决算情况说明", "（一）一般公共预算财政拨款支出决算总体情况。",
          f"{Y} 年度一般公共预算财政拨款支出 {fmt(total)} 万元，占本年支出合计的 100.00%。",
          "（二）一般公共预算财政拨款支出决算具体情况。",
          f"{Y} 年度一般公共预算财政拨款支出年初预算为 {fmt(budget_total)} 万元，支出决算为 {fmt(total)} 万元，完成年初预算的 {fmt(pct(total, budget_total))}%。其中："]
    n = 0
    for it in items:
        if not it.total:
            continue
        n += 1
        cat, kuan = _CAT_NAME[it.code[:3]], _KUAN[it.code[:5]]
        word = "大于" if it.total > it.budget else ("小于" if it.total < it.budget else "等于")
        L.append(f"{n}.{cat}（类）{kuan}（款）{it.name}（项）。年初预算为 {fmt(it.budget)} 万元，支出决算为 {fmt(it.total)} 万元，"
                 f"完成年初预算的 {fmt(pct(it.total, it.budget))}%，支出决算数{word}年初预算数的主要原因是预算执行中据实调整。")
    sg_a = s["a_abroad"] + s["a_run"] + s["a_host"]
    sg_b = s["b_abroad"] + s["b_run"] + s["b_host"] + s["b_buy"]
    stated_sg = sg_a + q(rng.uniform(1, 9)) if defect == "sangong_total" else sg_a
    residue = "XX" if defect == "template_residue" else fmt(gy)
    L += ["六、一般公共预算财政拨款基本支出决算情况说明", f"{Y} 年度一般公共预算财政拨款基本支出 {fmt(basic)} 万元，其中：",
          f"人员经费 {fmt(ry)} 万元，主要包括：基本工资、津贴补贴、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、住房公积金、退休费。",
          f"公用经费 {residue} 万元，主要包括：办公费、差旅费、工会经费、公务接待费、公务用车运行维护费、其他商品和服务支出。",
          "七、政府性基金预算财政拨款收入支出决算情况说明", f"本单位 {Y} 年度无政府性基金预算财政拨款收支，政府性基金预算财政拨款收入支出决算表为空表。",
          "八、国有资本经营预算财政拨款支出决算情况说明", f"本单位 {Y} 年度无国有资本经营预算财政拨款支出，国有资本经营预算财政拨款支出决算表为空表。",
          "九、财政拨款“三公”经费支出决算情况说明",
          f"{Y} 年度“三公”经费财政拨款支出预算为 {fmt(sg_b)} 万元，支出决算为 {fmt(stated_sg)} 万元，完成全年预算的 {fmt(pct(stated_sg, sg_b))}%。"
          "决算数小于预算数的主要原因是厉行节约。",
          f"1.因公出国（境）费支出决算为 {fmt(s['a_abroad'])} 万元。2.公务用车购置及运行费支出决算为 {fmt(s['a_run'])} 万元。"
          f"3.公务接待费支出决算为 {fmt(s['a_host'])} 万元。",
          "十、机关运行经费支出说明", f"{Y} 年度机关运行经费支出 {fmt(gy)} 万元。",
          "十一、政府采购支出说明", f"{Y} 年度政府采购支出总额 {fmt(q(total * Decimal('0.05')))} 万元，其中：政府采购货物支出 {fmt(q(total * Decimal('0.02')))} 万元、"
          f"政府采购服务支出 {fmt(q(total * Decimal('0.05')) - q(total * Decimal('0.02')))} 万元。授予中小企业合同金额占政府采购支出总额的 100.00%。",
          "十二、国有资产占用情况说明", f"截至 {Y} 年 12 月 31 日，共有车辆 {1 if s['a_run'] else 0} 辆。",
          "十三、预算绩效情况说明",
          f"本单位组织对 {Y} 年度项目支出开展绩效自评，共涉及项目 1 个。专项业务经费项目预算 {fmt(proj_budget)} 万元，实际支出为 {fmt(proj_exec)} 万元，"
          f"预算执行率 {fmt(rate)}%，自评得分 {fmt(total_score)} 分。"]
    if defect == "spreadsheet_debris":
        L.append("项目支出绩效目标完成率为 #DIV/0!。")
    L += ["第四部分 名词解释", "（一）一般公共预算财政拨款收入：指本级财政当年拨付的资金。",
          "（二）基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
          "（三）项目支出：指在基本支出之外为完成特定行政任务或事业发展目标所发生的支出。",
          "（四）“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
          "（五）机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。",
          "第五部分 附件", f"{Y} 年度专项业务经费项目自评表", "项目名称\t\t专项业务经费项目\t\t\t\t\t",
          f"主管部门\t\t{u.name}\t项目实施单位\t{u.name}\t\t\t",
          "预算执行情况(万元)(20分)\t\t\t预算数(A)\t执行数(B)\t执行率(B/A)\t得分(20分*执行率)\t",
          f"\t\t年度财政资金总额\t{fmt(proj_budget)}\t{fmt(proj_exec)}\t{fmt(rate)}%\t{fmt(exec_score)}\t",
          "年度绩效\t一级指标\t二级指标\t三级指标\t年初目标值(A)\t实际完成值(B)\t权重\t得分"]
    n_done = rng.randint(8, 14)
    ind = [("产出指标", "数量指标", "完成事项数量", "≥10个", f"{n_done}个", 30, 30), ("产出指标", "质量指标", "工作完成合格率", "≥95%", "100%", 25, 25),
           ("效益指标", "社会效益", "服务对象满意度", "≥90%", "95%", 25, 25 - (80 - int(others)))]
    for k, (l1, l2, name, tgt, act, wt, sc) in enumerate(ind):
        L.append(f"{'年度目标1' if k == 0 else ''}\t{l1}\t{l2}\t{name}\t{tgt}\t{act}\t{wt}\t{sc}")
    L += [f"总分\t\t{fmt(total_score)}\t\t\t\t\t", "偏差大或目标未完成原因分析\t\t无\t\t\t\t\t", ""]
    return "\n".join(L), u


def generate(n: int, out_dir: str | Path, seed: int = 0, formats: tuple[str, ...] = ("txt",)) -> dict[str, Any]:
    """Write ``n`` synthetic disclosures and ``manifest.json`` into ``out_dir``; return the manifest."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    order = list(range(n))
    rng.shuffle(order)
    k = max(1, n // 10) if n >= 5 else 0
    stat_docs = {d: STAT_FEATURES[j % len(STAT_FEATURES)] for j, d in enumerate(sorted(order[:k]))}
    defects = list(RULE_DEFECTS)
    rule_docs = {d: defects[j % len(defects)] for j, d in enumerate(sorted(order[k: 2 * k]))}
    docs = []
    for i in range(n):
        drng = random.Random(f"{seed}:{i}")
        text, u = _make(i, drng, stat_docs.get(i), rule_docs.get(i))
        name = f"synth_{seed}_{i:04d}"
        files = []
        if "txt" in formats:
            (out / f"{name}.txt").write_text(text, encoding="utf-8")
            files.append(f"{name}.txt")
        if "pdf" in formats:
            _write_pdf(text, out / f"{name}.pdf")
            files.append(f"{name}.pdf")
        docs.append({"index": i, "files": files, "unit": u.name, "kind": u.kind, "level": u.level, "year": u.year,
                     "total": fmt(sum((it.total for it in u.items), Decimal(0))), "anomalies": u.anomalies})
    manifest = {"generator": "tools.synth", "seed": seed, "n": n, "formats": list(formats), "documents": docs}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _text_width(s: str, size: float) -> float:
    return sum(size if ord(ch) > 0x2000 else size * 0.55 for ch in s)


def _write_pdf(text: str, path: Path) -> None:
    """A simple PDF rendering (reportlab, STSong-Light CID font). Each run of tab-separated lines (a table)
    is laid out on common column positions so that text-based table extraction finds aligned columns."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    try:
        pdfmetrics.getFont("STSong-Light")
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size = 7.5
    w, h = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=(w, h), invariant=1)
    lines = text.split("\n")
    # column positions per block of consecutive tabbed lines
    positions: list[list[float] | None] = [None] * len(lines)
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        widths: dict[int, float] = {}
        for k in range(i, j):
            for n, cell in enumerate(lines[k].split("\t")):
                widths[n] = max(widths.get(n, 18.0), min(_text_width(cell[:40], size) + 8, 220.0))
        xs, x = [], 36.0
        for n in range(max(widths) + 1):
            xs.append(x)
            x += widths.get(n, 18.0)
        for k in range(i, j):
            positions[k] = xs
        i = j
    y = h - 36
    for line, xs in zip(lines, positions, strict=True):
        if y < 36:
            c.showPage()
            y = h - 36
        c.setFont("STSong-Light", size)
        if xs is None:
            c.drawString(36, y, line[:110])
        else:
            for n, cell in enumerate(line.split("\t")):
                if cell:
                    c.drawString(xs[n], y, cell[:40])
        y -= 11
    c.save()
