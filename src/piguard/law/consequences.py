"""Beyond the sentence: offence elements, civil and administrative consequences, related offences, flags."""

from __future__ import annotations

from piguard.law.facts import Act, Facts
from piguard.law.provisions import Law
from piguard.law.result import Finding, Tri

# ---------------------------------------------------------------------------------------------
# Elements of the offence (which paragraph of CL 253-1 the acts fall under)


def cl253_1_acts(f: Facts, law: Law) -> list[Finding]:
    out = []
    if f.sells_or_provides:
        out.append(Finding("cl253_1_p1_sell_provide", "cl.art253-1.p1", Tri.MET,
                           "selling or providing personal information to others (¶1; 'providing' per Interp. Art. 3)",
                           "向他人出售或者提供公民个人信息", kind="element"))
    if Act.obtain in f.acts:
        out.append(Finding("cl253_1_p3_obtain", "cl.art253-1.p3", Tri.MET,
                           "stealing or otherwise illegally obtaining (¶3; buying, receiving, exchanging or collecting in "
                           "duties or services in violation of state rules, Interp. Art. 4)",
                           "窃取或者以其他方法非法获取公民个人信息", kind="element"))
        if f.sells_or_provides:
            out.append(Finding("interp11_p1_no_double_count", "interp2017.art11.p1", Tri.MET,
                               "obtained and then sold or provided: the pieces are not counted twice",
                               "非法获取后又出售或者提供的，条数不重复计算", kind="element"))
    if f.offender.type == "unit":
        out.append(Finding("interp7_unit_crime", "interp2017.art7", Tri.MET,
                           "unit crime: the responsible persons are judged by the natural-person standards; the unit is fined",
                           "单位犯罪：对直接负责的主管人员和其他直接责任人员依照自然人标准定罪处罚，并对单位判处罚金",
                           kind="element"))
    out.append(Finding("interp11_p3_counts_as_given", "interp2017.art11.p3", Tri.MET,
                       f"pieces taken as counted in the facts ({f.pieces.total():,}); untrue or duplicate information "
                       "must already be excluded (the scanner's job, Art. 11 ¶3)",
                       "条数按事实文件中已认定的数量，不真实或者重复的信息应已剔除", kind="element",
                       values={"pieces_total": f.pieces.total()}))
    return out


# ---------------------------------------------------------------------------------------------
# Civil public interest, administrative exposure, data-protection duties


def civil_public_interest(f: Facts, law: Law, tier: str) -> tuple[dict, list[Finding]]:
    """PIPL Art. 70 standing; Civil Code Arts. 111 and 1038 duties; PIPL Art. 69 ¶2 measure of damages."""
    many = f.pieces.total() > 1
    income = f.illegal_income
    out = {
        "public_interest_suit": "possible" if many and tier != "none" else ("for the court" if many else "unlikely"),
        "standing": ["人民检察院 (procuratorate)", "法律规定的消费者组织", "国家网信部门确定的组织"],
        "remedies": [
            {"remedy": "stop the infringement and delete the information held", "basis": ["cc.art111", "cc.art1038.p1"]},
            {"remedy": "public apology", "basis": ["pipl.art70"]},
            {"remedy": "compensation for harm to the public interest", "basis": ["pipl.art69.p2", "pipl.art70"]},
        ],
        "compensation_reference_yuan": None if not income else str(income),
        "practice_note": ("Courts in public-interest suits attached to Art. 253-1 cases usually set compensation near "
                          "the illegal income; PIPL Art. 69 ¶2 measures damages by the loss or by the gain obtained. "
                          "This is a reference, not a rule."),
    }
    findings = [
        Finding("pipl70_public_interest_suit", "pipl.art70", Tri.MET if out["public_interest_suit"] == "possible" else Tri.UNDETERMINED,
                "a public-interest suit (刑事附带民事公益诉讼) may be brought where many individuals' rights are infringed",
                "侵害众多个人权益的，人民检察院等可以依法提起公益诉讼", kind="civil"),
        Finding("cc111_1038_duties", "cc.art111", Tri.MET,
                "illegal trade or provision of personal information breaches Civil Code Arts. 111 and 1038",
                "非法买卖、提供他人个人信息，违反民法典第一百一十一条、第一千零三十八条", kind="civil"),
        Finding("pipl69_p2_compensation_measure", "pipl.art69.p2", Tri.MET if income else Tri.UNDETERMINED,
                f"compensation measured by loss or gain; reference: the illegal income {income:,} yuan" if income
                else "compensation measured by loss or gain; no illegal income established",
                f"损害赔偿按照损失或者获得的利益确定；参考违法所得{income:,}元" if income else "损害赔偿按照损失或者获得的利益确定",
                kind="civil", values={"compensation_reference_yuan": out["compensation_reference_yuan"]}),
    ]
    return out, findings


def pipl66_administrative(f: Facts, law: Law) -> tuple[dict | None, list[Finding]]:
    """PIPL Art. 66 for a unit: ¶1 (up to 1,000,000 yuan on refusal) and ¶2 (serious: 50,000,000 or 5% of turnover)."""
    if f.offender.type != "unit":
        return None, []
    v = law.value
    turnover = f.offender.annual_turnover
    pct = v("pipl.art66.p2.turnover_share")
    out = {
        "para1": {"fine_max_yuan": v("pipl.art66.p1.fine_max"), "responsible_person_min_yuan": v("pipl.art66.p1.person_min"),
                  "responsible_person_max_yuan": v("pipl.art66.p1.person_max"), "provision": "pipl.art66.p1",
                  "measures": ["责令改正", "警告", "没收违法所得", "责令暂停或者终止提供服务"]},
        "para2": {"fine_max_yuan": v("pipl.art66.p2.fine_max"),
                  "turnover_share": f"{pct.numerator}/{pct.denominator}",
                  "turnover_cap_yuan": None if turnover is None else str(turnover * pct.numerator / pct.denominator),
                  "responsible_person_min_yuan": v("pipl.art66.p2.person_min"),
                  "responsible_person_max_yuan": v("pipl.art66.p2.person_max"), "provision": "pipl.art66.p2",
                  "measures": ["责令暂停相关业务或者停业整顿", "吊销相关业务许可或者营业执照",
                               "禁止担任董事、监事、高级管理人员和个人信息保护负责人"]},
    }
    cap = out["para2"]["turnover_cap_yuan"]
    en2 = (f"serious cases: up to {v('pipl.art66.p2.fine_max'):,} yuan or {float(pct) * 100:g}% of the previous year's turnover"
           + (f" (= {float(cap):,.0f} yuan on the turnover given)" if cap else " (turnover not given)")
           + f"; responsible persons {v('pipl.art66.p2.person_min'):,}-{v('pipl.art66.p2.person_max'):,} yuan")
    return out, [
        Finding("pipl66_p1_admin", "pipl.art66.p1", Tri.MET,
                f"rectification, warning, confiscation of illegal gains; on refusal up to {v('pipl.art66.p1.fine_max'):,} yuan; "
                f"responsible persons {v('pipl.art66.p1.person_min'):,}-{v('pipl.art66.p1.person_max'):,} yuan",
                "责令改正、警告、没收违法所得；拒不改正的，并处一百万元以下罚款", kind="administrative",
                params=("pipl.art66.p1.fine_max", "pipl.art66.p1.person_min", "pipl.art66.p1.person_max")),
        Finding("pipl66_p2_admin_serious", "pipl.art66.p2", Tri.UNDETERMINED, en2,
                "情节严重的，并处五千万元以下或者上一年度营业额百分之五以下罚款", kind="administrative",
                values={"turnover_cap_yuan": cap},
                params=("pipl.art66.p2.fine_max", "pipl.art66.p2.turnover_share", "pipl.art66.p2.person_min",
                        "pipl.art66.p2.person_max")),
    ]


def pipl_sensitive(f: Facts, law: Law) -> list[Finding]:
    """PIPL Art. 28-29: which counted categories are sensitive personal information."""
    pieces = f.pieces.as_dict()
    hits = [(c, pieces[c.key]) for c in law.categories.values() if c.pipl28 and pieces[c.key]]
    if not hits:
        return [Finding("pipl28_sensitive", "pipl.art28.p1", Tri.NOT_MET,
                        "no counted category maps to a PIPL Art. 28 sensitive category", "未涉及敏感个人信息类别",
                        kind="data_protection")]
    listing_en = ", ".join(f"{c.en} → {'may include ' if c.pipl28_partial else ''}{c.pipl28} ({n:,})" for c, n in hits)
    listing_zh = "、".join(f"{c.zh}（{'可能包含' if c.pipl28_partial else ''}{c.pipl28}，{n:,}条）" for c, n in hits)
    return [Finding("pipl28_sensitive", "pipl.art28.p1", Tri.MET,
                    f"sensitive personal information involved: {listing_en}; separate consent required (PIPL 29)",
                    f"涉及敏感个人信息：{listing_zh}；处理应当取得单独同意", kind="data_protection",
                    values={c.key: n for c, n in hits})]


def unit_duties(f: Facts, law: Law) -> list[Finding]:
    if f.offender.type != "unit":
        return []
    return [Finding("pipl51_security_measures", "pipl.art51", Tri.MET,
                    "the handler must have classification, access control, staff training and incident plans (PIPL 51)",
                    "个人信息处理者应当采取分类管理、操作权限、安全培训、应急预案等措施", kind="data_protection"),
            Finding("pipl57_breach_notice", "pipl.art57.p1", Tri.MET,
                    "on a leak: remediate at once and notify the authority and the individuals (PIPL 57)",
                    "发生个人信息泄露的，应当立即采取补救措施，并通知履行个人信息保护职责的部门和个人", kind="data_protection")]


# ---------------------------------------------------------------------------------------------
# Related offences and flags


def interp8_website_or_group(f: Facts, law: Law, tier: str) -> Finding:
    met = Tri.of(f.set_up_website_or_group)
    if met is Tri.NOT_MET:
        return Finding("interp8_website_or_group", "interp2017.art8", met, "no website or chat group set up",
                       "未设立网站、通讯群组", kind="related_offence")
    both = tier in ("serious", "especially_serious")
    return Finding("interp8_website_or_group", "interp2017.art8", met,
                   "website or group set up for the activity: CL 287-1 (illegal use of information networks) if serious; "
                   + ("as this offence is also made out, convict of infringing personal information" if both
                      else "this offence is not (yet) made out, so CL 287-1 is the charge to consider"),
                   "设立用于实施非法获取、出售或者提供公民个人信息违法犯罪活动的网站、通讯群组，情节严重的，以非法利用信息网络罪定罪处罚；"
                   + ("同时构成侵犯公民个人信息罪的，依照侵犯公民个人信息罪定罪处罚" if both else "本罪尚未成立时考虑刑法第二百八十七条之一"),
                   kind="related_offence", values={"related": "cl.art287-1.p1"})


def interp9_network_provider(f: Facts, law: Law) -> Finding:
    met = Tri.of(f.network_provider_refused_order)
    return Finding("interp9_network_provider", "interp2017.art9", met,
                   "network service provider refused to rectify after an order: CL 286-1 if users' information leaked with serious consequences"
                   if met is not Tri.NOT_MET else "not a network service provider refusing a rectification order",
                   "网络服务提供者拒不改正致使用户信息泄露，造成严重后果的，以拒不履行信息网络安全管理义务罪定罪处罚"
                   if met is not Tri.NOT_MET else "无网络服务提供者拒不改正情形",
                   kind="related_offence", values={"related": "cl.art286-1.p1"})


def cl37_1_occupational_ban(f: Facts, law: Law, tier: str) -> Finding:
    lo, hi = law.value("cl.occupational_ban.min_years"), law.value("cl.occupational_ban.max_years")
    met = Tri.all([Tri.of(tier in ("serious", "especially_serious")), Tri.of(f.offender.duty_or_service),
                   Tri.of(f.offender.type == "natural_person")])
    return Finding("cl37_1_occupational_ban", "cl.art37-1.p1", met,
                   f"crime committed through an occupational advantage: the court may ban the occupation for {lo}-{hi} years"
                   if met is not Tri.NOT_MET else "no occupational ban in view",
                   "利用职业便利实施犯罪的，可以禁止其从事相关职业三年至五年" if met is not Tri.NOT_MET else "不涉及从业禁止",
                   kind="flag", params=("cl.occupational_ban.min_years", "cl.occupational_ban.max_years"))


def temporal_flags(f: Facts, law: Law) -> list[Finding]:
    """CL Art. 12: conduct before the present rules took effect raises a question of which law applies."""
    start = f.conduct.start
    if start is None:
        return [Finding("cl12_temporal", "cl.art12.p1", Tri.UNDETERMINED,
                        "conduct dates not given: cannot check which version of the law applies",
                        "未提供行为时间，无法判断适用的法律版本", kind="flag")]
    out = []
    amend9 = law.value("cl9.effective")
    interp = law.value("interp2017.effective")
    if start < amend9:
        out.append(Finding("cl12_before_amendment9", "cl.art12.p1", Tri.MET,
                           f"conduct began {start} before CL 253-1 took its present form ({amend9}): apply the old law unless the "
                           "present law does not treat it as a crime or punishes it more lightly (从旧兼从轻)",
                           f"行为始于{start}，早于刑法修正案（九）施行（{amend9}），依照刑法第十二条从旧兼从轻",
                           kind="flag", params=("cl9.effective",)))
    if start < interp:
        out.append(Finding("interp13_before_effective", "interp2017.art13", Tri.MET,
                           f"conduct began {start} before the Interpretation took effect ({interp}): which standards apply "
                           "must be decided (CL Art. 12)",
                           f"行为始于{start}，早于本解释施行（{interp}），应当审查适用的标准",
                           kind="flag", params=("interp2017.effective",)))
    if not out:
        out.append(Finding("cl12_temporal", "cl.art12.p1", Tri.NOT_MET,
                           f"conduct from {start}: the present law and Interpretation apply", "行为发生在现行规定施行之后",
                           kind="flag"))
    return out


def art6_mixed_flag(f: Facts, law: Law, regime: str) -> list[Finding]:
    if regime != "art6":
        return []
    return [Finding("interp6_regime", "interp2017.art6.p1", Tri.MET,
                    f"bought for lawful business: the 'other' information is judged by Art. 6 (profit ≥ "
                    f"{law.value('interp2017.art6.profit'):,} yuan or a prior punishment); Art. 6 sets no 'especially serious' "
                    "standard of its own",
                    "为合法经营活动购买、收受：适用第六条标准；第六条未规定情节特别严重的标准", kind="flag",
                    params=("interp2017.art6.profit",))]
