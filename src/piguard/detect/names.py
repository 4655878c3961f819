"""Chinese person names (姓名): a surname table plus context, never a bare guess.

A name is taken only where context says a name is there: a keyword before it (姓名, 收件人, 我叫,
患者, 客户 …), an honorific after it (先生, 女士 …), a gender after it (陈建国，男，…), a person's detail
after it at the start of a clause (张伟的手机号…, 李华（身份证号…), a chat speaker label at the start of a
line, or a name column. The value must start with a known surname (compound ones first) and be 2-4
characters. Masked names (张*, 张某, 张**) are recognised as masked.

Only a field key (姓名, 我叫 …) or a keyword with a separator (客户：…) says that a name follows for sure.
After a role word alone (客户, 患者, 车主 …), or found from what follows it, a common word that starts with a
surname character (客户信息, 学生时代, 项目经理) is not a name (``data/common_words.txt``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from piguard.detect import lexicon
from piguard.detect.gazetteer import surnames

BEFORE = ("检察员", "人民陪审员", "法定代理人", "委托代理人", "诉讼代理人", "公诉人", "鉴定人", "上诉人", "被上诉人",
          "被申请人", "侦查员", "罪犯", "甲方", "乙方", "丙方", "卖方", "买方", "保证人", "受托人", "买受人", "出卖人",
          "姓名", "名字", "收件人", "收货人", "联系人", "寄件人", "发件人", "客户", "客户姓名", "患者", "病人", "业主", "户主",
          "车主", "学生", "法定代表人", "负责人", "经办人", "申请人", "被告人", "犯罪嫌疑人", "当事人", "持卡人", "开户人",
          "入住人", "住客", "旅客", "乘客", "产妇", "孕妇", "母亲", "父亲", "家长", "监护人", "户名", "账户名", "会员",
          "用户", "员工", "主叫", "被叫", "机主", "投保人", "被保险人", "受益人", "借款人", "name", "xm", "xingming",
          "我叫", "名叫", "原告", "被告", "被害人", "受害人", "证人", "报案人", "举报人", "嫌疑人", "代理人", "委托人",
          "收款人", "付款人", "出借人", "担保人", "承租人", "出租人", "房东", "租客", "司机", "驾驶员", "驾驶人", "就诊人",
          "签收人", "领取人", "下单人", "请联系", "可联系", "报警人", "失主", "受害者", "死者", "伤者", "肇事者", "店主", "伙同",
          "我是", "本人", "顾客", "投诉人", "来电人", "咨询人", "反映人", "兹证明", "兹有", "快递员", "民警", "辅警",
          "审判员", "审判长", "陪审员", "书记员", "法官", "检察官", "被执行人", "乘车人", "买家", "卖家", "经纪人",
          "班主任", "记者", "通讯员", "护士", "保安", "店员", "房客", "租户", "其妻", "其夫", "妻子", "丈夫",
          "其子", "其女", "其父", "其母", "其兄", "其弟", "其姐", "其妹", "住户", "收款方", "付款方", "出租方", "承租方",
          "借款方", "出借方", "委托方", "受托方",
          # in judgments on the sale of personal information: the people around the accused
          "辩护人", "同案人", "同案犯", "上线", "下线", "工作人员", "专员", "收方", "寄方", "医生", "主治医生", "医师",
          "姓 名", "姓  名",             # a form's label spread over its box (姓　名, folded to 姓 名)
          # who a record, a news item or a notice is about: residents, visitors, people examined or certified
          "市民", "村民", "居民", "网友", "同事", "男子", "女子", "宾客", "客人", "访客", "来访人", "被访人", "受访者",
          "受检者", "受检人", "体检人", "持证人", "持有人", "参保人", "缴费人", "签约人", "联络人", "对接人", "小哥",
          # a post or trade written before a name (销售经理任志强, 主治医生王芳): the name still has to end its words
          "经理", "主任", "总监", "教授", "主播", "演员", "歌手", "导演", "律师", "会计", "出纳", "厂长", "村长", "店长",
          "组长", "职工", "工人", "农民", "选手", "运动员",
          "男方", "女方", "乘机人", "学员", "权利人", "他叫", "她叫", "看见", "遇见",
          # whom information or money went to (卖给王某, 转给廖俊)
          "卖给", "转给", "交给", "发给", "寄给", "打给", "借给", "租给",
          # staff who deal with people (网格员卞晓玲走访…)
          "网格员", "业务员", "销售员", "服务员", "营业员", "调解员", "管理员", "乘务员", "安检员", "辅导员", "指导员",
          "联络员", "信息员", "叫", "老人", "实习生", "新郎", "新娘", "取件人", "支书", "村支书",
          # a duty roster (值班表：周一陆文，周二胥海涛)
          "周一", "周二", "周三", "周四", "周五", "周六", "周日", "星期一", "星期二", "星期三", "星期四", "星期五",
          "星期六", "星期日", "星期天",
          # kin, friends and the people a record is handled by (表哥匡立伟, 跟进人蒙丽, 碰到裴国庆)
          "表哥", "表姐", "表弟", "表妹", "堂哥", "堂姐", "堂弟", "堂妹", "哥哥", "姐姐", "弟弟", "妹妹", "老公", "老婆",
          "爱人", "儿子", "女儿", "爷爷", "奶奶", "外公", "外婆", "舅舅", "叔叔", "姑姑", "朋友", "室友", "邻居", "男友",
          "女友", "男朋友", "女朋友", "前男友", "前女友", "领导", "上司", "同学", "跟进人", "介绍人", "推荐人", "经手人",
          "保管人", "领款人", "送货人", "提货人", "碰到", "见到", "遇到",
          # posts and roles a record names people by (董事长容国平, 导游卢婷婷, 课代表江雨萱), family (他爸陶建国)
          "董事长", "总经理", "总裁", "主席", "校长", "院长", "局长", "处长", "科长", "所长", "队长", "书记", "秘书", "助理",
          "主管", "行长", "导游", "课代表", "班长", "工程师", "设计师", "程序员", "会计师", "家属", "他爸", "我爸", "他妈",
          "我妈", "她爸", "她妈", "电话给", "短信给", "微信给", "转账给", "汇款给", "的是",
          "中介", "主持人", "老板", "阿姨", "前台", "护士长", "维修工", "客户经理", "问问")
# keywords often followed by other words (我是来…, 本人承诺): the name must be the whole run of Han characters
WHOLE_RUN = frozenset(("我是", "本人"))
# words that end in a surname character, so that the character before a name is not its surname (感谢刘备先生 is 刘备)
JOINED = frozenset(("感谢", "谢谢", "多谢", "致谢", "答谢", "鸣谢", "面向", "转向", "祝贺", "恭贺", "庆贺", "道贺", "支付", "交付", "给付",
                    "偿付", "垫付",
                    # 担任产品经理 is no 任产品: 任 ends a word for taking a post
                    "担任", "出任", "兼任", "现任", "曾任", "历任", "就任", "升任", "调任", "继任", "新任", "前任", "主任",
                    "责任", "信任"))
# role words that also label who speaks in a chat log: at the start of a line and before a colon (卖家：辛苦了)
# they name the speaker, and what follows is what was said
SPEAKERS = frozenset(("客户", "用户", "会员", "顾客", "买家", "卖家", "店主", "店员", "快递员", "司机", "房东", "租客", "业主",
                      "住客", "乘客", "旅客", "患者", "病人", "家长", "母亲", "父亲", "学生", "员工", "记者", "护士", "保安",
                      "民警", "辅警", "法官", "房客", "租户", "妻子", "丈夫", "专员", "工作人员", "前台", "中介", "老板",
                      "阿姨", "主持人", "护士长", "维修工", "同事", "网友", "老公", "老婆", "领导", "导游", "班长"))
# keys whose value is a name whatever word it is (姓名：文章 is a person called 文章)
FIELD_KEYS = frozenset(("姓名", "名字", "我叫", "他叫", "她叫", "名叫", "户名", "账户名", "客户姓名", "name", "xm", "xingming", "姓 名", "姓  名"))
AFTER = ("先生", "女士", "小姐", "同志", "老师", "医生", "经理", "律师", "警官", "师傅", "同学", "小朋友", "总", "妈妈", "爸爸",
         "院士", "教授", "博士", "业主", "老婆", "老公", "家长", "家属")
# the courtesy titles among them: they follow a person's name whatever it is (刘备先生)
COURTESY = ("先生", "女士", "小姐", "同志", "同学")
# titles a surname alone is addressed with (汪主任, 李科长): with AFTER, never a name on their own
TITLES = tuple(w for w in AFTER if w not in ("妈妈", "爸爸")) + ("主任", "科长", "处长", "局长", "所长", "队长", "院长", "校长",
                                                               "部长", "书记", "主管", "总监", "阿姨", "大爷", "老板")
_TITLE_SET = frozenset(TITLES)
_TITLE_LENGTHS = sorted({len(t) for t in TITLES}, reverse=True)
# a gender right after a name, as in judgments and case files (被告人陈建国，男，1975年…出生)
# (the detector also looks for each word as normalize() folds it: ，男， → ,男,)
GENDER_AFTER = ("，男，", "，女，", "（男，", "（女，", "（男）", "（女）", "，男性，", "，女性，", "，男。", "，女。", "，男；", "，女；")
# what a person does, right after a name at the start of a clause or after 据 / 由 / 请 … (刘志东表示…, 据赵丽茹介绍…)
ACTION_AFTER = ("表示", "介绍", "认为", "指出", "透露", "坦言", "回忆说", "告诉记者", "反映", "投诉", "报警", "报案", "承认",
                "供述", "辩称", "声称", "证实", "伙同", "驾驶", "来到", "前往", "赶到", "接警", "的经纪人", "的妻子", "的丈夫",
                "的儿子", "的女儿", "的父亲", "的母亲", "的家属", "的朋友", "的同事", "夫妇", "转账", "汇款", "借款", "提供",
                # whom the police or a reporter heard it from (记者从陈晓处了解到, 薛晴向警方提供了…)
                "处了解", "处得知", "处获悉", "处获得", "处收购", "向警方", "向民警", "向公安", "主持",
                # a performer's or an owner's record (范冰洁主演…, 汤建国名下的账户), a case's date (卢俊义于2021年…),
                # a greeting (魏宸你好)
                "主演", "出演", "执导", "名下", "当选", "荣获", "涉嫌", "去世", "逝世", "于19", "于20", "你好", "您好")
# words of time that may open a clause before a person (早上蒋欣悦给我打电话…), as a break does
CLAUSE_TIMES = ("今天", "昨天", "明天", "前天", "早上", "上午", "中午", "下午", "晚上", "周末", "刚才", "后来", "当时", "最近")
# two-character words a clause may open with before a person, words of time among them: someone's with (我和骆明杰是
# …), what someone was heard to do (听说景浩然要…)
CLAUSE_OPENERS = CLAUSE_TIMES + ("我和", "你和", "他和", "她和", "我跟", "你跟", "他跟", "她跟", "我与", "听说")
# single characters a clause goes on with after the person it opens (史志坚曾说过…, 黄文博在新片中…): after a
# surname and two given-name characters at a clause start, no other word needed
FREE_AFTER = tuple("曾说称将已被因在的和去来给")
# ... and more that also end or start many words: they follow a name only where the name is no word's part (焦永刚于
# 去年…, but 高新区也…, 正是…)
MORE_FREE_AFTER = frozenset("于也都把就又还要是")
# words that end in one of them, so that the character before it is no given name's (能力正在…, 成功正在…)
FREE_AFTER_WORDS = frozenset(("正在", "现在", "存在", "所在", "实在", "自在", "好在", "不在", "还在", "都在", "就在", "也在",
                              "未曾", "不曾", "听说", "据说", "小说", "早已", "而已", "不已", "即将", "必将", "终将", "只因",
                              "原因", "自从", "服从", "方向", "面向", "走向", "转向", "指向", "得到", "达到", "直到", "受到",
                              "遇到", "感到", "看到", "想到", "再也", "全都", "首都", "成就", "早就", "相对", "面对", "针对",
                              "反对", "绝对", "核对", "交给", "供给", "转让", "来自", "亲自", "各自", "独自", "声称", "号称",
                              "简称", "名称", "对于", "由于", "关于", "至于", "属于", "位于", "等于", "终于", "处于", "高于",
                              "低于", "大于", "小于", "可是", "还是", "就是", "但是", "于是", "总是", "正是", "只是",
                              "出去", "过去", "上去", "下去", "回去", "进去", "失去", "出来", "起来", "未来", "原来", "后来",
                              "以来", "从来", "本来", "将来", "上来", "下来", "回来", "进来", "目的", "真的", "有的", "别的",
                              "似的", "总和", "平和", "温和", "缓和", "随和", "暖和", "共和", "调和", "柔和", "祥和"))
# what stands on both sides of a name written on its own, as a list's item or a record's field (一组 申屠浩、冉冬梅；
# 行政部 翟佳 分机8012): the ending ones are found by the scan only after such a name
STANDALONE_BREAKS = "，、。；：（）！？,;:()!? \t\n\u3000“”\"「」『』《》"
# the commonest surnames: a two-character name on its own needs one of them
# (巴西, 伊朗, 法国 in a list of countries start with rarer ones)
COMMON_SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
                            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
                            "孔向汤"
                            # and the next fifty or so (about 95% of the population with those above)
                            "常殷葛邢娄左牛耿聂柴倪齐温季申骆尤施庞滕翟谷焦樊祝鲍单洪包甘凌岳柳祁卜章易乔阎伍舒纪管俞翁华"
                            "艾费戚辛阮尚霍裴苗窦关")
# a count of people after a list of names (彭国华、崔丽萍和鲁振宇三人; 张伟等人; 王磊等三人)
_NUMERALS = "两二三四五六七八九十"
COUNT_AFTER = (("等人",) + tuple(w for c in _NUMERALS for w in (f"{c}人", f"{c}名", f"{c}位", f"等{c}人", f"等{c}名", f"等{c}位"))
               + tuple(f"等{d}" for d in "0123456789"))     # 等4名同志, 等12人: the count in digits (COUNT_DIGITS)
COUNT_DIGITS = re.compile(r"等[0-9]{1,4}[名人位]")
# the words before a person that a clause may start with
PERSON_PREPOSITIONS = frozenset("据由让请被给经跟同向从对令派")
# a person's detail right after a name at the start of a clause (张伟的手机号是…, 李华（身份证号…)
DETAIL_AFTER = ("的手机", "的电话", "的身份证", "的住址", "的家庭住址", "的地址", "的邮箱", "的银行卡", "的微信", "的车牌",
                "的联系方式", "（身份证", "(身份证", "，身份证", "，公民身份号码",
                "，手机", "，电话", "，联系电话", "，联系方式", "，住址", "，家住")
COLUMN = ("姓名", "名字", "name", "xm", "xingming", "收件人", "收货人", "联系人", "客户姓名", "户名", "持卡人", "患者姓名",
          "产妇姓名", "业主姓名", "车主", "机主", "入住人", "旅客姓名", "full name", "fullname", "username")
# words that end a name when a field follows without punctuation (张三电话…, 李四男…)
FOLLOWERS = ("电话", "手机", "身份", "性别", "男", "女", "住", "地址", "年龄", "岁", "的", "于", "在", "和", "与", "先生",
             "女士", "小姐", "联系", "号码", "证件", "出生", "民族", "邮箱", "微信", "同志", "老师", "医生", "经理", "律师",
             "警官", "师傅", "同学", "说", "称", "是", "已", "将", "向", "到", "等", "及", "家", "户", "签收", "入住", "退房",
             # what a person does next in a statement or a judgment (司机张凤英驾驶…, 被告人李四伙同…)
             "驾驶", "证实", "报案", "报警", "来到", "前往", "来电", "来访", "表示", "认为", "发现", "告诉", "介绍", "通过",
             "使用", "利用", "伙同", "购买", "购得", "出售", "提供", "非法", "窃取", "获取", "收集", "持有", "携带", "办理",
             "申请", "提出", "要求", "负责", "确认", "同意", "签字", "陈述", "供述", "辩称", "承认", "一起", "先后", "多次",
             "分别", "共同", "随后", "立即", "反映", "投诉", "咨询", "乘坐", "搭乘", "预订", "预约", "参加", "前来",
             "回忆", "处购买", "处获取",
             # and in the record of a trial (检察员陈晓燕出庭…, 审判员宋青书独任审判)
             "出庭", "到庭", "独任", "出席", "主持", "担任", "宣判", "送达",
             "因", "被", "曾", "系", "报了",
             # and in records and news (周国强与胡艳离婚纠纷, 刘小明每天…, 冯德顺今年90岁)
             "离婚", "纠纷", "一案", "每天", "今年", "现年", "一家", "老人", "本人", "证言", "笔录", "一直", "带领", "遗失")
FOLLOWERS += tuple(w for w in ACTION_AFTER if not w.startswith(("的", "处")) and w not in FOLLOWERS)
SINGLE_FOLLOWERS = frozenset(w for w in FOLLOWERS if len(w) == 1)
# characters (function words, common verbs) that given names next to never hold: a name that context announces
# ends before one (患者赵敏按时服药, 小哥李强配送), whatever word it starts
NON_NAME_CHARS = frozenset("的了在是来去到说与及跟对把被让给从按用将要会也都还就又再已着过吗呢吧啊呀们这那哪么怎很太最更不没别"
                           "请叫问买卖送拿看听写吃喝穿走跑坐站打做找等带帮配寄取交转借办签填报查拨接离该此其每各所并而但却因由个"
                           "里昨岁自累晒")
_SEP = re.compile(r"[ \t:：=是为叫（()）\"'>]*")   # also as in JSON, dict literals and XML: "name":"张三", <name>张三; （甲方）：
HAN = re.compile(r"[\u4e00-\u9fff]+")
MASK_CHARS = "*某X"


def split_name(run: str) -> str | None:
    """The longest plausible name at the start of a run of Han characters, or None.

    >>> split_name('张三'), split_name('欧阳娜娜'), split_name('张三电话'), split_name('李四男'), split_name('的确')
    ('张三', '欧阳娜娜', '张三', '李四', None)
    """
    single, compound = surnames()
    if run[:2] in compound:
        surname_len = 2
    elif run[:1] in single:
        surname_len = 1
    else:
        return None
    for given in (2, 1):
        n = surname_len + given
        if len(run) < n or (given == 2 and (run[n - 1] in SINGLE_FOLLOWERS or run[n - 1] in NON_NAME_CHARS)):
            continue
        rest = run[n:]
        if rest and run[n - 1] + rest[0] in FREE_AFTER_WORDS:
            continue                # 和正在…: the last character starts a word with what follows
        if not rest or rest.startswith(FOLLOWERS):
            return run[:n]
        if given_chars().issuperset(run[surname_len:n]) and (
                rest[0] in NON_NAME_CHARS
                # the next word of the lexicon starts right after it (路国华明天…, 晏紫下个月…), no common one across
                # its end (何保|存在: 保存), and neither it nor its given name is a common word (客户安全保存, 程安全)
                or ((k := lexicon.word_at(rest, 0))
                    and not lexicon.word_across(run, n, min(lexicon.frequency(rest[:k]), GLUED_WORD_FREQUENCY))
                    and not starts_with_word(run[:n]) and not common_given_word(run[:n]))):
            return run[:n]
    return None


# how often (in jieba's corpus) a word must be used for its last character not to start a name that follows it
# (无法确定: 法 ends 无法; 完成某操作: 成 ends 完成): common words only, the lexicon's rare entries are often
# a name's own characters (工路, 姐晏)
JOINED_FREQUENCY = 1000
# ... and for a common word right after a keyword glued to it (名字空间, 名字关联) to be that word, no name
GLUED_WORD_FREQUENCY = 50


def ends_word(text: str, pos: int) -> bool:
    """Does the character at ``pos`` end a word that starts right before it (感谢刘备: 谢 ends 感谢; 无法确定:
    法 ends 无法), so that it cannot be a name's surname there?

    >>> ends_word('感谢刘备先生', 1), ends_word('无法确定总线', 1), ends_word('需要荀建民', 2)
    (True, True, False)
    """
    if pos <= 0:
        return False
    pair = text[pos - 1:pos + 1]
    return pair in JOINED or lexicon.frequency(pair) >= JOINED_FREQUENCY


def starts_with_word(name: str) -> bool:
    """Does ``name`` start with a common word (空间, 关联, 文件尾), its surname no compound one?

    >>> starts_with_word('空间'), starts_with_word('文件尾'), starts_with_word('欧阳娜娜'), starts_with_word('韦嘉怡')
    (True, True, False, False)
    """
    return name[:2] not in surnames()[1] and lexicon.frequency(name[:2]) >= GLUED_WORD_FREQUENCY


# a given name that is a word this common is rather that word after a surname-like character (来修正, 段大小,
# 但远程), though names are words too (建国, 3083 in jieba's corpus, is lost to the rule; 海涛 32, 浩然 38 are not)
GIVEN_WORD_FREQUENCY = 500
# what ends a place's or a language's name: a run of transliterated characters before one (卢旺达共和国, 巴彦洪戈尔省,
# 南恩德贝勒语) is no person's name
PLACE_ENDS = frozenset("省州郡市县区岛国湾语言港河山")


def common_given_word(name: str) -> bool:
    """Is the given name of ``name`` a common word (程|安全, 来|修正)?

    >>> common_given_word('程安全'), common_given_word('陈海涛'), common_given_word('欧阳安全')
    (True, False, True)
    """
    return lexicon.frequency(given_name(name)) >= GIVEN_WORD_FREQUENCY


def opens_clause_before_char(text: str, start: int, end: int, strict: bool = False) -> bool:
    """Is ``text[start:end]`` (a surname and two given-name characters opening a clause) a name before the single
    character at ``end`` (焦永刚|于去年, 骆明杰|是)? One of FREE_AFTER, unless it ends a word with the name's last
    character (成功正在); one of MORE_FREE_AFTER, or any with ``strict``, only where the name is no word's part
    either.

    >>> opens_clause_before_char('史志坚曾说过', 0, 3), opens_clause_before_char('焦永刚于去年', 0, 3)
    (True, True)
    >>> opens_clause_before_char('能力正在', 0, 3), opens_clause_before_char('高新区也在建', 0, 3)
    (False, False)
    """
    name, nxt = text[start:end], text[end:end + 1]
    if name[-1] + nxt in FREE_AFTER_WORDS:
        return False
    if nxt in FREE_AFTER and not strict:
        return True
    return ((nxt in MORE_FREE_AFTER or nxt in FREE_AFTER) and not starts_with_word(name) and not common_given_word(name)
            and not ends_word(text, start) and lexicon.frequency(name[-1] + nxt) < GLUED_WORD_FREQUENCY)


def opens_clause_before_word(text: str, start: int, end: int, k: int) -> bool:
    """Is ``text[start:end]`` (a surname and two given-name characters opening a clause) a name before the word of
    ``k`` characters at ``end`` (贲志远|排在第一位)? Not where the word is rather the given name's end (a more
    frequent word stands across ``end``), the name starts with a word or is one, its given name is a common
    word (来|修正), its first character ends a word before it, or the run ends in a place's suffix.

    >>> opens_clause_before_word('贲志远排在第一位', 0, 3, 2), opens_clause_before_word('来修正本次提交', 0, 3, 2)
    (True, False)
    >>> opens_clause_before_word('卢旺达共和国', 0, 3, 3)
    False
    """
    name, word = text[start:end], text[end:end + k]
    if (lexicon.word_across(text, end, lexicon.frequency(word)) or starts_with_word(name) or lexicon.is_word(name)
            or common_given_word(name) or ends_word(text, start)):
        return False
    return word[-1] not in PLACE_ENDS and text[end + k:end + k + 1] not in PLACE_ENDS


@lru_cache(maxsize=1)
def given_chars() -> frozenset[str]:
    """Characters common in given names (``data/given_chars.txt``)."""
    text = resources.files("piguard.detect.data").joinpath("given_chars.txt").read_text(encoding="utf-8")
    return frozenset("".join(line.strip() for line in text.splitlines() if not line.startswith("#")))


def plausible(name: str) -> bool:
    """Could ``name`` (a surname and a given name) be a person's, by its given name: one of given-name characters
    at least (``data/given_chars.txt``), none a function word. Weak context (a role word, a speaker's label, a
    word after it) takes only plausible names: 时间, 权限, 索引 start with a surname, but no one is called so.

    >>> plausible('张伟'), plausible('李晓明'), plausible('时间'), plausible('权限'), plausible('欧阳娜娜')
    (True, True, False, False, True)
    """
    given = given_name(name)
    return not given_chars().isdisjoint(given) and NON_NAME_CHARS.isdisjoint(given)


def given_name(name: str) -> str:
    """``name`` without its surname (a compound one's two characters).

    >>> given_name('张伟'), given_name('欧阳娜娜')
    ('伟', '娜娜')
    """
    return name[2:] if name[:2] in surnames()[1] else name[1:]


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common words that start with a surname character (``data/common_words.txt``)."""
    text = resources.files("piguard.detect.data").joinpath("common_words.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.strip()) and not w.startswith("#"))


def is_common_word(name: str) -> bool:
    """Is ``name`` an ordinary word rather than a name (信息, 管理, 时代)?

    >>> is_common_word('信息'), is_common_word('张伟')
    (True, False)
    """
    return name in common_words()


# a name transliterated from Uyghur, Kazakh and other languages, its parts joined by a middle dot
# (买买提·艾力, 阿依古丽·买买提): no surname table applies, so it is taken only where a name is sure to stand
TRANSLITERATED = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・．.][\u4e00-\u9fff]{1,8}){1,3}")


def transliterated_name(text: str, pos: int = 0) -> str | None:
    """The dotted name at ``pos`` of ``text``, ending at a non-Han character, or None.

    >>> transliterated_name('买买提·艾力，'), transliterated_name('张三'), transliterated_name('阿依古丽·买买提')
    ('买买提·艾力', None, '阿依古丽·买买提')
    """
    m = TRANSLITERATED.match(text, pos)
    if not m or (m.end() < len(text) and "\u4e00" <= text[m.end()] <= "\u9fff"):
        return None
    return m.group()


def surname_and_title(text: str) -> bool:
    """A surname and a title or honorific only (王经理, 张先生, 欧阳女士, 汪主任): how people are addressed,
    no name (whatever word stands before it: 联系人汪主任).

    >>> surname_and_title('王经理'), surname_and_title('欧阳女士'), surname_and_title('王经纬'), surname_and_title('汪主任')
    (True, True, False, True)
    """
    single, compound = surnames()
    for n in _TITLE_LENGTHS:
        if text[-n:] in _TITLE_SET:
            head = text[:-n]
            return head in single or head in compound
    return False


def masked_name(text: str) -> str | None:
    """张* / 张** / 张某 / 张某某 / 欧阳* → the masked name, else None.

    >>> masked_name('张*'), masked_name('张某某'), masked_name('欧阳*'), masked_name('张')
    ('张*', '张某某', '欧阳*', None)
    """
    single, compound = surnames()
    for n in (2, 1):
        head = text[:n]
        if (n == 2 and head in compound) or (n == 1 and head in single):
            tail = text[n:]
            if 1 <= len(tail) <= 2 and all(c in MASK_CHARS for c in tail):
                return text
    return None


def mask(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧阳**.

    >>> mask('张三'), mask('欧阳娜娜')
    ('张*', '欧阳**')
    """
    single, compound = surnames()
    n = 2 if name[:2] in compound else 1
    return name[:n] + "*" * (len(name) - n)
