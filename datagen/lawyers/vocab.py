"""The lawyer generator's own pools: names, firm name parts, courts with their case-number codes.

Courts and codes are public facts (the court code is the province abbreviation plus the county's
GB/T 2260 digits); names and firms are invented.
"""

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛"]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲鹏宇浩凯婷雪琳晨阳峰博斌睿哲然欣怡佳俊宁志红梅兰松柏海波"
# Given-name characters of natural-person parties, kept apart from every public name (lawyers, judges,
# legal representatives, firms, companies) so that a party's real name never hides inside one.
PARTY_GIVEN = "梓萱淑蓉铭轩翠珍贵福禄顺宝根旺喜财菊凤莲桃杏琴瑶璐芸薇蕾荷丹"
FIRM_SYLLABLES = "德和衡金杜中伦君合方达汉坤天元竞天公诚大成国浩锦天城观韬环球通商中银植德炜衡广和信天达共和瀚丰永安恒泰正平明诚立信嘉华远东致远求是卓越信达"
COMPANY_WORDS = ["科技", "贸易", "建设", "实业", "置业", "物流", "餐饮", "电子", "机械", "商贸", "投资", "文化传播"]
COMPANY_FORMS = ["有限公司", "有限责任公司", "股份有限公司"]
PROVINCES = [  # (full name, short name, case-number abbreviation, cities)
    ("北京市", "北京", "京", ["北京"]),
    ("上海市", "上海", "沪", ["上海"]),
    ("浙江省", "浙江", "浙", ["杭州", "宁波", "温州"]),
    ("江苏省", "江苏", "苏", ["南京", "苏州", "无锡"]),
    ("广东省", "广东", "粤", ["广州", "深圳", "佛山"]),
    ("四川省", "四川", "川", ["成都", "绵阳"]),
    ("河南省", "河南", "豫", ["郑州", "洛阳"]),
]
COURTS = [  # (name, court code in case numbers, province abbreviation)
    ("上海市黄浦区人民法院", "沪0101", "沪"), ("上海市浦东新区人民法院", "沪0115", "沪"),
    ("上海市第一中级人民法院", "沪01", "沪"), ("北京市朝阳区人民法院", "京0105", "京"),
    ("北京市海淀区人民法院", "京0108", "京"), ("北京市第三中级人民法院", "京03", "京"),
    ("杭州市西湖区人民法院", "浙0106", "浙"), ("浙江省杭州市中级人民法院", "浙01", "浙"),
    ("南京市鼓楼区人民法院", "苏0106", "苏"), ("江苏省南京市中级人民法院", "苏01", "苏"),
    ("广州市天河区人民法院", "粤0106", "粤"), ("广东省广州市中级人民法院", "粤01", "粤"),
    ("成都市武侯区人民法院", "川0107", "川"), ("郑州市金水区人民法院", "豫0105", "豫"),
]
EXTRA_CAUSES = ["排除妨害纠纷", "相邻关系纠纷", "车辆租赁合同纠纷"]  # not in the extractor's list: read by pattern
DISTRICTS = ["朝阳区", "海淀区", "西湖区", "鼓楼区", "天河区", "武侯区", "金水区", "黄浦区"]
STREETS = ["人民路", "解放路", "中山路", "建设大街", "和平街", "文化路"]
ETHNIC = ["汉族", "汉族", "汉族", "回族", "满族"]
SANCTION_KINDS = [("警告", "司法局"), ("罚款", "司法局"), ("停止执业三个月", "司法局"), ("训诫", "律师协会"),
                  ("通报批评", "律师协会"), ("公开谴责", "律师协会")]
AWARD_KINDS = [("优秀律师", "律师协会"), ("公益法律服务先进个人", "司法局"), ("十佳青年律师", "律师协会")]
SERVICE = ["社区法律咨询", "法律援助值班", "普法讲座", "中小学法治副校长", "信访接待"]
US_FIRST = ["John", "Mary", "Robert", "Linda", "James", "Susan", "Michael", "Karen", "David", "Nancy", "Thomas",
            "Laura", "Daniel", "Emily", "Steven", "Rachel"]
US_LAST = ["Miller", "Harper", "Collins", "Bennett", "Foster", "Hughes", "Sullivan", "Warren", "Porter", "Fletcher",
           "Dalton", "Whitman", "Garrison", "Lowell", "Prescott", "Hadley", "Kendall", "Thornton"]
US_FIRM_FORMS = ["LLP", "P.C.", "L.L.C.", "P.A.", "PLLC"]
US_CITIES = [("Springfield", "MO"), ("Columbus", "Ohio"), ("Dallas", "Tex."), ("Atlanta", "Ga."), ("Denver", "Colo."),
             ("Jefferson City", "MO"), ("Birmingham", "AL")]
US_COURTS = [("Missouri Court of Appeals", "mo-ct-app"), ("Texas Courts of Appeals", "tex-app"),
             ("Colorado Supreme Court", "colo"), ("United States Court of Appeals for the Eighth Circuit", "ca8")]
US_COMPANIES = ["Acme Corporation", "Riverside Holdings, Inc.", "Midwest Supply Company", "Granite Insurance Company",
                "Lakeshore Bank, N.A.", "Pioneer Industries, Inc."]
# US natural-person parties: names no counsel, judge or company uses, so a leak is never hidden inside one.
US_PARTY_FIRST = ["Odessa", "Thaddeus", "Perpetua", "Lucius", "Griselda", "Ambrose", "Philippa", "Cornelius", "Winifred",
                  "Barnaby", "Ottoline", "Leopold"]
US_PARTY_LAST = ["Quillfeather", "Abernathy", "Vandermolen", "Cresswell", "Pemberton", "Ashcombe", "Thistlewood",
                 "Marchbanks", "Oglethorpe", "Fairweather", "Brackenridge", "Underhill"]
# Appellate courts with the divisions their case bodies print, and boards hearing an "Appeal of X".
US_DIVISIONS = {"mo-ct-app": ["Southern District, Division Two", "Eastern District, Division Three",
                              "Western District, Division One"],
                "tex-app": [], "colo": [], "ca8": []}
US_BOARDS = [("United States Board of Tax Appeals", "bta")]
US_SUFFIXES = ["Jr.", "III", "Sr."]
