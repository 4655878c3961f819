"""The words around the values: field keys, clause templates, chat lines, table headers, hard-negative labels
and the filler vocabulary. Keys and clause prefixes use the context words the detector knows (each module's
``KEYWORDS``, ``names.BEFORE``/``AFTER``, ``addresses.KEYWORDS``); a template's ``{date}`` is filled with a day.
"""

from __future__ import annotations

from functools import lru_cache

from faker.providers.lorem.zh_CN import Provider as ZhLorem

from piguard.detect import addresses, names
from piguard.detect.identifiers import RECOGNIZERS

# -- kv documents ---------------------------------------------------------------------------------------

KV_KEYS = {
    "name": ("姓名", "姓名", "收件人", "联系人", "客户姓名", "户主"),
    "mobile": ("手机", "手机号", "电话", "联系电话", "手机号码", "Tel"),
    "landline": ("座机", "固定电话", "办公电话", "家庭电话"),
    "resident_id": ("身份证", "身份证号", "身份证号码", "证件号码", "公民身份号码"),
    "bank_card": ("银行卡号", "卡号", "收款账号", "银行账号", "开户账号"),
    "uscc": ("统一社会信用代码", "信用代码", "税号"),
    "passport": ("护照号码", "护照号", "护照"),
    "hmt_id": ("港澳台身份证", "港澳台居民身份证"),
    "plate": ("车牌号", "车牌", "号牌号码"),
    "vin": ("车架号", "VIN", "车辆识别代号"),
    "email": ("邮箱", "电子邮箱", "Email"),
    "ip_address": ("IP", "登录IP", "IP地址"),
    "mac_address": ("MAC", "MAC地址", "物理地址"),
    "imei": ("IMEI", "串号", "设备识别码"),
    "qq": ("QQ", "QQ号", "QQ号码"),
    "wechat": ("微信", "微信号", "VX"),
    "gps": ("经纬度", "定位", "坐标", "GPS"),
    "postal_code": ("邮编", "邮政编码"),
    "birth_date": ("出生日期", "生日", "出生年月"),
    "verification_code": ("验证码", "动态码", "校验码"),
    "password": ("密码", "登录密码", "password", "pwd"),
    "address": ("地址", "住址", "收货地址", "家庭住址", "通讯地址"),
}
# a travel permit's key names its kind (the kind as identifiers.travel_permit.kind() returns it)
PERMIT_KEYS = {
    "往来港澳通行证": ("往来港澳通行证", "港澳通行证", "通行证号"),
    "港澳居民来往内地通行证": ("回乡证", "港澳居民来往内地通行证"),
    "大陆居民往来台湾通行证": ("往来台湾通行证", "赴台通行证"),
    "台湾居民来往大陆通行证": ("台胞证", "台胞证号码"),
}
KV_SEPARATORS = {"：": 50, ":": 20, " ": 15, "\t": 5, "： ": 10}
FIELD_SEPARATORS = {"  ": 30, "\t": 15, " | ": 10, "，": 20, "\n": 15, "；": 10}

# -- paragraphs and chat: (before, after) around the value ----------------------------------------------

# a name after a context word; what follows is punctuation or a word that ends a name (于, 称, 的 …)
NAME_BEFORE = (
    ("客户", "于{date}预订了两晚住宿"), ("患者", "，男，因发热入院治疗"), ("患者", "，女，术后复查"), ("联系人", ""),
    ("联系人：", ""), ("业主", "称楼上漏水"), ("乘客", "在候车室遗失了钱包"), ("用户", "已完成实名认证"),
    ("收件人", "的包裹已签收"), ("经办人", "将于{date}回访"), ("申请人", "向本行提交了贷款申请"), ("车主", "于{date}办理了年检"),
    ("投保人", "的保单已生效"), ("学生", "的家长"), ("姓名：", ""), ("户名", ""),
    ("我叫", "，有事请联系我"), ("名叫", "的男子来到前台"), ("被害人", "报案称手机被盗"), ("证人", "证实了上述事实"),
    ("司机", "驾驶车辆离开"), ("请联系", ""),
)
# a name before an honorific: only the name is labelled, never the honorific
NAME_AFTER = (("", "先生于{date}来电咨询"), ("", "女士反映快递未送达"), ("", "先生称已付款"), ("", "女士于{date}办理入住"),
              ("", "，男，汉族，初中文化"), ("", "，女，汉族"), ("", "（男，四十五岁）"), ("", "的手机号已停机"),
              ("", "的家庭住址有变"))
CLAUSES = {
    "mobile": (("联系电话", ""), ("手机号", ""), ("手机号码为", ""), ("电话：", ""), ("可拨打", "联系"), ("致电", "")),
    "landline": (("办公电话", ""), ("座机", ""), ("固定电话为", ""), ("家庭电话：", "")),
    "resident_id": (("身份证号", ""), ("身份证号码为", ""), ("证件号码：", ""), ("公民身份号码", "")),
    "bank_card": (("银行卡号", ""), ("卡号：", ""), ("收款账号为", ""), ("请转账至", "")),
    "uscc": (("统一社会信用代码为", ""), ("税号", ""), ("营业执照上的信用代码是", "")),
    "passport": (("护照号码", ""), ("护照号为", "")),
    "hmt_id": (("港澳台身份证", ""), ("港澳台居民身份证号码为", "")),
    "plate": (("车牌号", ""), ("车牌号为", ""), ("驾驶", "号小型汽车")),
    "vin": (("车架号", ""), ("车辆识别代号：", "")),
    "email": (("邮箱", ""), ("电子邮箱为", ""), ("材料请发送至", "")),
    "ip_address": (("登录IP为", ""), ("IP地址：", ""), ("来源IP ", "")),
    "mac_address": (("设备MAC地址", ""), ("MAC：", "")),
    "imei": (("手机串号", ""), ("IMEI：", ""), ("设备识别码", "")),
    "qq": (("QQ号", ""), ("QQ：", ""), ("QQ号码是", "")),
    "wechat": (("微信号", ""), ("微信：", ""), ("加微信", "")),
    "gps": (("当前定位", ""), ("经纬度：", ""), ("坐标", "")),
    "postal_code": (("邮编", ""), ("邮政编码", "")),
    "birth_date": (("出生日期", ""), ("生日是", ""), ("出生日期为", ""), ("", "出生")),
    "verification_code": (("验证码", "，5分钟内有效"), ("验证码是", ""), ("动态码：", "")),
    "password": (("登录密码为", "，请妥善保管"), ("密码：", ""), ("初始密码是", "")),
    "address": (("家住", ""), ("住在", ""), ("地址为", ""), ("收货地址：", "")),
}
PERMIT_CLAUSE_LINKS = ("", "号码", "号码为", "：")   # after a PERMIT_KEYS key (号码… only where the key lacks it)

CHAT_ROLES = ("客服", "店家", "前台", "快递员", "中介", "卖家", "物业", "专员", "导购", "售后")
CHAT_LEADS = {"": 50, "好的，": 15, "嗯，": 10, "麻烦记一下，": 15, "对，": 10}
CHAT_ENDS = {"": 50, "。": 30, "，谢谢": 10, "，麻烦尽快处理": 10}
CHAT_LINES = ("您好，请问有什么可以帮您？", "好的，稍等一下", "收到，谢谢", "麻烦再确认一下信息", "已经帮您登记好了", "没问题",
              "请问还有其他需要吗？", "好的，我这边核实一下", "明白了", "辛苦了")
CHAT_REPLIES = tuple(line for line in CHAT_LINES if not line.startswith("您好"))   # after a 王女士您好，
# surname + honorific alone is not a name: these sentences are never labelled
HONORIFICS = ("先生", "女士")
HONORIFIC_TAILS = ("对处理结果表示满意", "已确认收到", "表示会按时到场", "反映的问题已转交相关部门")
# a role word before an ordinary word that starts with a surname character (客户信息, 学生时代) is not a name:
# these sentences are never labelled
ROLE_WORDS = ("客户", "患者", "用户", "车主", "学生", "业主", "会员", "员工", "乘客")
ROLE_WORD_TAILS = ("已更新。", "需要重新核对。", "保存在系统中。", "由专人负责。")

# -- tables ---------------------------------------------------------------------------------------------

HEADERS = {
    "name": ("姓名", "xm", "客户姓名", "收件人"),
    "mobile": ("手机号", "sjh", "联系电话", "手机"),
    "landline": ("固定电话", "座机"),
    "resident_id": ("身份证号", "sfzh", "证件号码"),
    "bank_card": ("银行卡号", "yhkh", "卡号"),
    "uscc": ("统一社会信用代码", "税号"),
    "passport": ("护照号码", "hzh"),
    "travel_permit": ("通行证号",),
    "hmt_id": ("港澳台身份证", "港澳台居民身份证"),
    "plate": ("车牌号", "cph"),
    "vin": ("车架号", "VIN"),
    "email": ("邮箱", "email", "电子邮箱"),
    "ip_address": ("IP地址", "登录IP"),
    "mac_address": ("MAC地址",),
    "imei": ("IMEI", "串号"),
    "qq": ("QQ", "QQ号"),
    "wechat": ("微信号", "wxh"),
    "gps": ("经纬度", "定位"),
    "postal_code": ("邮编", "yzbm"),
    "birth_date": ("出生日期", "csrq", "生日"),
    "verification_code": ("验证码", "yzm"),
    "password": ("密码", "password", "mm"),
    "address": ("地址", "住址", "dz", "收货地址"),
}
NON_PI_HEADERS = {"order_no": ("订单号",), "amount": ("金额", "实付金额"), "order_time": ("下单时间",),
                  "note": ("备注",), "status": ("状态", "订单状态"), "product": ("商品", "商品名称")}
ORDER_STATUSES = ("已支付", "待发货", "已发货", "已完成", "已退款", "已取消")
PRODUCTS = ("无线耳机", "保温杯", "电动牙刷", "运动鞋", "笔记本支架", "空气炸锅", "羽绒服", "儿童绘本", "移动电源", "茶叶礼盒")

# -- hard negatives: labels carry no context word of any PI type -----------------------------------------

NEGATIVE_LABELS = {
    "order": ("订单号", "订单编号"),
    "tracking": ("运单号", "快递单号", "物流单号"),
    "timestamp": ("下单时间", "创建时间", "时间戳"),
    "amount": ("实付金额", "合计", "订单金额"),
    "serial": ("交易流水号", "批次号", "凭证号"),
    "embedded_phone": ("订单", "单据"),
    "version": ("软件版本", "固件版本"),
    "product": ("商品编码", "型号", "货号"),
}
NEGATIVE_TAILS = {"。": 50, "，请核对。": 25, "已处理。": 25}


def context_words() -> tuple[str, ...]:
    """Every context word the detector knows (identifier keywords, name and address words)."""
    words = {k for r in RECOGNIZERS for k in r.keywords} | set(names.BEFORE) | set(names.AFTER) | set(addresses.KEYWORDS)
    return tuple(sorted(words))


@lru_cache(maxsize=1)
def name_shaped_words() -> tuple[str, ...]:
    """Filler words that start with a surname character and have a name's shape (时间, 公司, 信息)."""
    return tuple(w for w in filler_words() if 2 <= len(w) <= 3 and names.split_name(w) == w)


@lru_cache(maxsize=1)
def filler_words() -> tuple[str, ...]:
    """Faker's zh_CN lorem words without any context word, so filler never sets context for a detector.
    Place names (北京, 上海) stay: a bare place is a location mention, not an address."""
    han_words = [w for w in context_words() if not w.isascii()]
    return tuple(w for w in ZhLorem.word_list if not any(k in w for k in han_words))
