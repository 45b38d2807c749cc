"""Word lists the enterprise generator draws from (invented names; no real enterprise or person)."""

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红梅飞鑫波宇浩凯健俊帆亮晨"
BRAND = "宏盛泰华瑞恒鑫达信源丰隆兴汇通德嘉诚博凯润安聚远创新智联合众和昌利鼎金海天星辰亿佳"
# industry word in the name -> (GB/T 4754 section, 经营范围 text)
INDUSTRIES = [
    ("科技", "I", "软件开发；信息技术咨询服务；计算机系统服务；数据处理服务"),
    ("信息技术", "I", "网络技术开发、技术服务；信息系统集成服务；软件销售"),
    ("贸易", "F", "日用百货、五金交电、电子产品的批发和零售；货物进出口"),
    ("商贸", "F", "服装鞋帽、针纺织品销售；电子商务"),
    ("建筑工程", "E", "建筑工程施工；装饰工程；市政工程施工"),
    ("物流", "G", "道路运输；货物运输代理；仓储服务（不含危险品）"),
    ("餐饮管理", "H", "餐饮服务；酒店管理；食品销售"),
    ("机械制造", "C", "机械设备制造、加工；五金产品生产加工"),
    ("汽车零部件", "C", "汽车零部件生产加工及销售"),
    ("房地产开发", "K", "房地产开发经营；物业管理；房屋租赁"),
    ("教育咨询", "P", "教育咨询服务（不含涉许可审批的教育培训活动）；文化艺术交流"),
    ("技术服务", "M", "技术开发、技术咨询、技术服务、技术推广；检验检测服务"),
]
SHELL_INDUSTRIES = [
    ("投资管理", "J", "投资管理；资产管理；股权投资；投资咨询（未经金融等监管部门批准，不得从事吸收存款、融资担保、代客理财等金融业务）"),
    ("商务咨询", "L", "商务信息咨询；企业管理咨询；会务服务；市场营销策划"),
    ("资产管理", "J", "资产管理；投资管理；金融信息服务"),
    ("供应链管理", "L", "供应链管理；企业管理；商务咨询；国内贸易代理"),
]
LEGAL_FORMS = ["有限责任公司(自然人投资或控股)", "有限责任公司(自然人独资)", "其他有限责任公司",
               "有限责任公司(法人独资)", "股份有限公司(非上市、自然人投资或控股)"]
STATUSES = ["存续", "在业", "开业", "存续（在营、开业、在册）"]
ROADS = ["人民路", "解放路", "中山路", "建设大道", "文化路", "和平街", "长江路", "黄河路", "新华路", "科技路",
         "创业大道", "学府路", "滨河路", "花园街", "工业大道", "金融街", "世纪大道", "光明路", "东风路", "青年路"]
BUILDINGS = ["大厦", "商务中心", "科技园", "创业园", "国际广场", "中心"]
ABNORMAL_REASONS = ["通过登记的住所或者经营场所无法联系的", "未依照规定期限公示年度报告的",
                    "公示企业信息隐瞒真实情况、弄虚作假的", "未在责令的期限内公示有关企业信息的"]
REMOVAL_REASONS = ["依法补报了未报年份的年度报告并公示", "依法办理住所或经营场所变更登记", "提出通过登记的住所或者经营场所可以重新取得联系"]
OFFENCES = [("虚报注册资本", "罚款人民币{fine}万元"), ("提交虚假材料取得公司登记", "罚款人民币{fine}万元，撤销公司登记"),
            ("未按规定公示年度报告", "警告"), ("无照经营", "罚款人民币{fine}万元"), ("虚假宣传", "罚款人民币{fine}万元")]
UK_FIRST = ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Mia", "Noah", "Emily", "Leo", "Grace",
            "Arthur", "Sophia", "Oscar", "Lily", "Charlie", "Freya", "Thomas", "Ella", "James", "Chloe"]
UK_SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright",
               "Robinson", "Walker", "Thompson", "Evans", "Hughes", "Green", "Lewis", "Wood", "Harris", "Martin"]
UK_WORDS = ["Northgate", "Riverside", "Oakfield", "Bridgewater", "Kingsway", "Harbour", "Meadow", "Summit", "Crown",
            "Beacon", "Thistle", "Westbrook", "Ashford", "Lakeside", "Granite", "Falcon", "Orchard", "Sterling"]
UK_TRADES = [("Consulting", "70229 - Management consultancy activities other than financial management"),
             ("Software", "62012 - Business and domestic software development"),
             ("Logistics", "49410 - Freight transport by road"),
             ("Builders", "41202 - Construction of domestic buildings"),
             ("Trading", "46900 - Non-specialised wholesale trade"),
             ("Holdings", "64209 - Activities of other holding companies n.e.c."),
             ("Catering", "56101 - Licensed restaurants")]
UK_TOWNS = [("London", "EC1V", "City Road"), ("Manchester", "M1", "Portland Street"), ("Birmingham", "B3", "Colmore Row"),
            ("Leeds", "LS1", "Park Row"), ("Glasgow", "G2", "West George Street"), ("Bristol", "BS1", "Queen Square"),
            ("Cardiff", "CF10", "Queen Street"), ("Edinburgh", "EH2", "George Street")]
