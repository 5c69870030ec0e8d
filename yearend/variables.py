"""The template variables: their names, types and meanings, in one place.

The context a unit's templates see is ``UnitContext``, a TypedDict whose keys are
the Chinese names templates use; each field's description is written beside its
type (``Annotated[type, "description"]``) and ``fields`` prints them from here.
``figures`` computes the values; nothing here computes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, TypedDict, get_type_hints

from .chinese import ArticleCounter, HeadingCounter

Number = int | float  # a figure: whole numbers are ints, so templates print 30, not 30.0
Record = dict[str, Any]  # one row of a table variable (a member, a training, a department…)


@dataclass(frozen=True)
class Chart:
    """One chart, as plain data: ``kind`` is "column" (clustered), "line" (with markers)
    or "bar" (horizontal, stacked); one value per category in each series. charts.py
    turns it into a chart part when a document is rendered."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    height_mm: int = 70
    labels: bool = True  # the value printed on each column or bar (none for a zero)
    unit: str = ""  # the value axis's title: what the values count (学时, 条/次)

    def __str__(self) -> str:  # what `fields` and a chart outside a render show
        return f"（图表：{self.title}）"


class Scalars(TypedDict):
    """The scalar variables: what the manifest records of a unit, in this order."""

    单位名称: Annotated[str, '单位全称，来自单位信息表']
    年度: Annotated[int, '统计年度，如 2025']
    计划年度: Annotated[int, '实施方案所针对的下一年度（年度 + 1）']
    队伍名称: Annotated[str, '队伍名称，默认“网络评论员队伍”']
    成员称谓: Annotated[str, '队伍成员的称谓，由队伍名称去掉“队伍”得出，如“网络评论员”']
    上级单位: Annotated[str, '上级单位，可为空']
    发文字号: Annotated[str, '发文字号，如 某发〔2025〕5号，可为空']
    成文日期: Annotated[str, '成文日期，如 2025年12月31日；未填写时为当年 12 月 31 日']
    报送日期: Annotated[str, '组建通知中各部门报送推荐表的截止日期：成文日期后 14 天，遇周末或元旦顺延']
    落款: Annotated[str, '落款单位，默认为单位名称']
    联系人: Annotated[str, '联系人，可为空']
    联系电话: Annotated[str, '联系电话，可为空']
    办公室: Annotated[str, '领导小组办公室所在部门，可为空；只填“办公室”时写作本单位的办公室（如“局办公室”），免得写成“办公室设在办公室”']
    办事机构: Annotated[str, '负责日常工作的机构：填了办公室时为“领导小组办公室”，否则为“领导小组”（不写单位没有的机构）']
    简称: Annotated[str, '单位在本单位文件中的自称，如“我局”“我镇”“我校”；由单位名称得出，单位信息表填写“简称”时以它为准']
    工作依据: Annotated[str, '实施方案所依据的文件，来自单位信息表的“工作依据”，可为空']
    决定机关: Annotated[str, '作出表彰决定的机关：单位信息表的“决定机关”；未填时为领导小组组长职务所在的党组织（同“主体责任”，如党组书记 → 局党组，党支部书记 → 校党支部）；职务中没有党组织时为“领导小组”']
    表彰文号: Annotated[str, '表彰通报的发文字号，可为空']
    责任制文号: Annotated[str, '网络意识形态工作责任制实施方案的印发文号（单位信息表“责任制文号”）；填写时另生成一份印发通知，方案作为它的附件，可为空']
    审核人: Annotated[str, '培训台账的审核人，可为空']
    考核等次: Annotated[str, '本单位使用的考核等次，如“优秀、称职、基本称职、不称职”；取自考核结果表，无考核表时为“优秀、合格、基本合格、不合格”']
    考核末等: Annotated[str, '本单位考核等次中最低的一等，如“不称职”或“不合格”']
    队伍人数: Annotated[int, '年末在队人数（名）']
    新增人数: Annotated[int, '当年入队人数（名）']
    减少人数: Annotated[int, '当年离队人数（名）']
    离队部门: Annotated[list[str], '当年有成员离队的部门（按名册顺序）']
    党员人数: Annotated[int, '年末在队人员中的中共党员（含预备党员）人数（名）']
    预备党员人数: Annotated[int, '其中中共预备党员人数（名）；不为 0 时，写党员人数的句子要注明“含预备党员N名”']
    党员比例: Annotated[Number, '党员人数占队伍人数的百分数，如 62.5（配合“百分比”过滤器使用）']
    平均年龄: Annotated[Number, '年末在队人员按出生年月计算的平均年龄（岁，保留一位小数）']
    部门数: Annotated[int, '年末在队人员分布的部门数（个）']
    分层类别: Annotated[str, '分层级的队伍类别（如“网络评论员”）：只有部分类别的成员分层级时列出这些类别，全部分层级或都不分层级时为空']
    培训次数: Annotated[int, '当年培训场次（次）']
    培训学时: Annotated[Number, '当年各场培训学时之和（学时）']
    参训人次: Annotated[int, '当年各场培训参训人数之和（人次）']
    全年在队人数: Annotated[int, '当年任一时间在队的人数，含年内离队人员（名）']
    成员学时合计: Annotated[Number, '全年在队人员参训学时之和（学时）']
    人均学时: Annotated[Number, '全年在队人员人均参训学时（成员学时合计 ÷ 全年在队人数）']
    人均参训次数: Annotated[Number, '全年在队人员人均参训次数（参训人次 ÷ 全年在队人数）']
    应参训人次: Annotated[int, '各场培训当天在队人数之和（人次）']
    参训率: Annotated[Number, '参训人次 ÷ 应参训人次，百分数']
    优秀人数: Annotated[int, '年度考核为“优秀”的人数（名）；无考核表时为 0']
    考核人数: Annotated[int, '年末在队人员中有考核等次的人数（名）；为 0 时汇总表的优秀人数写“—”']
    表彰对象: Annotated[str, '表彰通报所称的对象：优秀人员同属一个队伍类别时为“优秀网络评论员”这样的写法，否则为“网络评论员队伍优秀成员”']
    计划培训次数: Annotated[int, '培训计划表中的培训场次（次）']
    计划培训学时: Annotated[Number, '培训计划表中的学时合计（学时）']
    计划学时差: Annotated[Number, '计划培训学时 − 本年培训学时；为负数时，实施方案要说明计划低于本年']
    名额合计: Annotated[int, '名额表中各行名额之和（名；各行应互不重叠，如同一部门既有不分层级的一行又有分层级的行，会重复计算）；无名额表时为 0']
    缺额合计: Annotated[int, '名额表中各行缺额之和（名）：现有人数少于名额的部分；无名额表时为 0']
    超额合计: Annotated[int, '名额表中各行超出之和（名）：现有人数多于名额的部分；无名额表时为 0']
    名额现有合计: Annotated[int, '名额表中各行现有人数之和（名）：与队伍人数不同时，说明名额表只涵盖部分成员；无名额表时为 0']
    主要指标: Annotated[str, '全年合计最多的工作指标（如“发帖”）；无工作量表时为空']
    工作高峰月份: Annotated[int | str, '主要指标最多的月份（1–12；不同单位的指标不相加；几个月并列时为最早的一个）；无工作量表时为空']
    工作高峰月份文字: Annotated[str, '主要指标最多的月份，并列的都列入，如“4月、9月”；无工作量表时为空']
    工作最多部门: Annotated[str, '主要指标最多的部门，并列的都列入，用顿号连接；无工作量表时为空']
    有舆情台账: Annotated[bool, '工作簿中有“舆情台账”表时为真；文档中写舆情工作的段落都以它为条件，没有这张表时不写']
    报告期: Annotated[str, '舆情分析研判报告的期间：“2025年度”，或运行时给了 --quarter 3 时为“2025年第三季度”']
    舆情总数: Annotated[int, '当年登记的舆情条数（发现时间在当年内的）']
    特别重大舆情数: Annotated[int, '其中特别重大（Ⅰ级、红色）舆情条数']
    重大舆情数: Annotated[int, '其中重大（Ⅱ级、橙色）舆情条数']
    较大舆情数: Annotated[int, '其中较大（Ⅲ级、黄色）舆情条数']
    一般舆情数: Annotated[int, '其中一般（Ⅳ级、蓝色）舆情条数']
    未分级舆情数: Annotated[int, '等级未填写或无法识别的舆情条数']
    较大以上舆情数: Annotated[int, '较大、重大、特别重大舆情条数之和']
    上报按时数: Annotated[int, '在时限内上报的舆情条数（发现时间和上报时间都精确到时分、能够比较的）']
    上报超时数: Annotated[int, '超过时限上报的舆情条数']
    上报未计时数: Annotated[int, '已上报但只记了日期、时间有误或等级不明，无法判断是否及时的条数（不计入及时率）']
    上报及时率: Annotated[Number | str, '上报按时数 ÷（上报按时数 + 上报超时数），百分数；没有能够比较的条目时为空']
    上报及时情况: Annotated[str, '上报及时性的如实表述，如“5条均在时限内上报”“上报6条，其中按时4条、超过时限1条、未记录具体时间、无法判断是否及时1条”']
    回应按时数: Annotated[int, '在时限内回应的舆情条数（首次回应；时限见“回应时限”）']
    回应超时数: Annotated[int, '超过时限回应的舆情条数']
    回应未计时数: Annotated[int, '已回应但无法判断是否及时的条数']
    回应及时率: Annotated[Number | str, '回应按时数 ÷（回应按时数 + 回应超时数），百分数；没有能够比较的条目时为空']
    回应及时情况: Annotated[str, '回应及时性的如实表述，写法同“上报及时情况”']
    已办结数: Annotated[int, '填了办结时间的舆情条数']
    未办结数: Annotated[int, '没有办结时间的舆情条数（文档写作“未办结”）']
    平均办结天数: Annotated[Number | str, '已办结舆情从发现到办结的平均天数；没有已办结的为空']
    舆情最多来源: Annotated[str, '舆情条数最多的来源平台']
    舆情最多类别: Annotated[str, '舆情条数最多的类别']
    舆情最多部门: Annotated[str, '涉及舆情最多的部门']
    上报时限: Annotated[str, '本单位的上报时限，如“特别重大和重大舆情1小时内、较大舆情2小时内、一般舆情24小时内”；单位信息表“上报时限”可改']
    回应时限: Annotated[str, '回应时限（国办发〔2016〕61号）：“特别重大和重大舆情5小时内、较大和一般舆情48小时内”']
    主体责任: Annotated[str, '承担网络意识形态工作主体责任的机关：单位信息表的“决定机关”；未填时按领导小组组长的职务（党组书记 → 局党组，党委书记、党委副书记 → 镇党委、校党委，党支部书记 → 党支部）；职务中没有党组织时为“单位名称领导班子”']
    第一责任人: Annotated[str, '第一责任人：领导小组组长，职务在前，如“党组书记、局长潘梓”；没有组长时为空']
    直接责任人: Annotated[str, '直接责任人：单位信息表的“分管领导”（是名册中的人时加上职务），未填时为副组长；都没有时为空']
    有阵地台账: Annotated[bool, '工作簿中有“网络阵地”表时为真']
    阵地数: Annotated[int, '在用（状态为“正常”）的网站和新媒体账号个数']
    阵地发布合计: Annotated[Number | str, '在用账号全年发布量之和（条）；都没有填写发布量时为空']
    有工作记录: Annotated[bool, '工作簿中有“工作记录”表时为真；写会议、文件、制度的句子都以它为条件']
    会议次数: Annotated[int, '工作记录表中当年类型为“会议”的条数']
    文件数: Annotated[int, '工作记录表中当年类型为“文件”的条数']
    制度数: Annotated[int, '工作记录表中当年类型为“制度”的条数']
    逐人事迹: Annotated[bool, '每名优秀人员都有事迹（“优秀名单”的事迹都不为空）；表彰通报据此逐人写事迹，否则按部门列姓名']


class UnitContext(Scalars):
    """Every variable one unit's templates see, but those added at render time."""

    名册: Annotated[list[Record], '年末在队人员，每人一项：序号、姓名、性别、出生年月、年龄、政治面貌、部门、职务、队伍类别、层级、领导小组职务、入队日期、入队年月、入队年份、入队月份、年内入队（是/否）、离队日期、联系电话、备注、学时、参训次数、培训记录（日期、月日、主题、学时）、培训主题（列表）、缺训（在队期间没有参加的培训，内容同“培训记录”）、工作量（本人队伍类别的各项指标：指标、合计、单位、同类人均（同“队伍人均”：本人在队各月的本类人均，见口径）、口径（同类人均怎么算的：空为全年都在队的本类人员人均；“全年在队的”为本类中全年在队人员的人均；“同期”为本人在队各月的本类人均；“按在队时间折算的”为本类全年水平）、排名、并列（排名与别人相同）、同类人数（年末）、年内同类人数（年内在队过的）、类别）、计入人均（是否计入本类人均和下一年度目标：年末在队的都计入，年内离队的只在工作量表中有这个人的行时计入）、工作最多月份、工作最少月份（并列时取较早的）、最多月份和最少月份（并列的月份都列入；各月相同时为空）、在队月数、有工作量月数、有工作量月份和零工作月份（在队月份中有和没有工作量的月份列表）、部门岗位（职务是部门内的职务，文中连部门一起称呼）、等次、得分、考核评语、发现舆情数、发现舆情（本人作为发现人、且发现时在队的舆情，内容同“舆情列表”）、发现较大以上数、发现较大以上（其中较大及以上的，最多 3 条）、上报超时（本人发现、超过时限才上报的舆情，内容同“舆情列表”）、上报超时数、上报计时数；年末在队人员另有 小结（个人工作总结各段的文字：思想认识、学习培训、工作开展、舆情信息、考核情况、不足和打算，没有数据的段为空）']
    全年人员: Annotated[list[Record], '当年任一时间在队的人员（含年内离队），每人一项，内容同“名册”，另有 在队情况（在队 / 某月某日入队 / 某月某日离队 / 某月某日入队，某月某日离队：年内入队、离队的写日期）']
    领导小组: Annotated[dict[str, list[Record]], '领导小组：组长、副组长、成员三个列表，每人有 姓名、职务、部门、称呼（职务在前：党组书记、局长潘梓）']
    部门统计: Annotated[list[Record], '按部门统计：部门、人数、构成（如“网络评论员5名、新闻通讯员2名”）']
    类别统计: Annotated[list[Record], '按队伍类别统计：类别、人数、比例']
    层级统计: Annotated[list[Record], '按层级统计：层级、人数、比例（未填层级时为空列表）']
    名额表: Annotated[list[Record], '名额表的各行（“各部门”展开为每个部门一行）：部门、队伍类别、层级、名额、现有（年末在队人数）、差额（名额 − 现有，正数为缺额）、情况（“已配齐”“缺2名”“超出1名”）；无名额表时为空列表']
    名额缺口: Annotated[list[Record], '名额表中现有人数少于名额的各行，内容同“名额表”；都已配齐时为空列表']
    名额超出: Annotated[list[Record], '名额表中现有人数多于名额的各行，内容同“名额表”；没有时为空列表']
    培训列表: Annotated[list[Record], '当年培训，每场一项：序号、日期（2025年3月5日）、月日（3月5日）、月份、主题、形式、学时、主讲人、地点、参训人员（姓名）、参训人数、参训情况（缺席的人少于参加的人时写“除某某外，在队成员全部参加”，否则同参训人员）']
    培训计划: Annotated[list[Record], '下一年度培训计划，每项：序号、时间、主题、形式、学时、对象']
    工作指标: Annotated[list[Record], '每项工作指标的全年合计：指标、合计、单位']
    月度培训: Annotated[list[Record], '全年 12 个月每月一项：月份、次数、学时、参训人次（没有培训的月份为 0）']
    月度工作: Annotated[list[Record], '每月工作量：月份、合计、各项（指标、合计）']
    部门工作: Annotated[list[Record], '各部门工作量：部门、合计、各项（指标、合计），按合计从多到少']
    考核统计: Annotated[list[Record], '各考核等次人数：等次、人数']
    优秀名单: Annotated[list[Record], '考核优秀人员：姓名、部门、职务、称呼、队伍类别、所在（“部门，职务”；职务以部门名开头时只写职务）、事迹（在队满3个月的，写本人高于队伍或同类成员平均水平的最突出的一两项：本类别的工作指标及排名、发现舆情数、参训学时；没有的，名册备注记有荣誉（优秀、表彰、采用等）的照写备注，再次写考核得分；都没有时为空）']
    优秀分部门: Annotated[list[Record], '考核优秀人员按部门分组：部门、名单（同“优秀名单”）、人数']
    事迹突出: Annotated[list[Record], '有事迹的优秀人员（同“优秀名单”），按部门顺序，最多8名；不是人人都有事迹时，表彰通报在名单后写“其中，……”']
    成效: Annotated[list[str], '工作要点表中的“成效”条目（文字列表）']
    问题: Annotated[list[str], '工作要点表中的“问题”条目（文字列表）；工作要点表没有时，为从数据中发现的问题（培训偏少、参训率低、没有工作量记录、舆情超时上报或未办结、账号没有审核人、名额未配齐），每条一句，最多5条']
    计划: Annotated[list[str], '工作要点表中的“计划”条目（文字列表）；工作要点表没有时，为针对上述问题的打算（没有考核等次时加一条完成年度考核；有工作目标、不足5条时最后一条为下一年度工作目标），最多5条']
    职责: Annotated[dict[str, list[str]], '各队伍类别的职责：{类别: [职责, …]}，队伍中的每个类别都有；取自工作职责表，某类别未填写时为默认职责（duties.DEFAULT_DUTIES）']
    层级职责: Annotated[list[Record], '队伍中有的各层级及其分工：层级、职责（工作职责表填了层级的职责，否则为默认分工，只提到队伍中有的层级）、推荐（组建通知中该层级成员从哪里推荐）；未分层级时为空列表']
    工作目标: Annotated[list[Record], '下一年度工作目标，每个队伍类别一项：类别、指标（每项：指标、周期（每月/每季度/全年）、数量（本年该类成员的人均水平，保留一位小数，只舍不入）、单位、水平）、文字（如“每名网络评论员每月发帖不少于4.4条”；只有一个类别时为“每名成员…”）；只列该类成员实际填报过的指标；无工作量表时为空列表']
    舆情列表: Annotated[list[Record], '当年每条舆情一项，按发现时间排序：序号、发现时间（3月5日 9:30）、发现日期、月日、月份、季度、来源、内容摘要、类别、等级、发现人、涉及部门、上报时间、上报对象、处置措施、回应时间、回应方式、回应（时间和方式）、办结时间、处置结果、上报情况 / 回应情况（按时、超时、未记录具体时间、未记录）、上报用时 / 回应用时（如“50分钟”“3小时”）、上报时限、回应时限、已办结、办结天数、较大以上；无舆情台账时为空列表']
    按等级: Annotated[list[Record], '各等级舆情条数：名称、数量（特别重大、重大、较大、一般、未分级的顺序，没有的不列）']
    按来源: Annotated[list[Record], '各来源平台舆情条数：名称、数量，从多到少']
    按类别: Annotated[list[Record], '各类别舆情条数：名称、数量，从多到少']
    按部门: Annotated[list[Record], '各涉及部门舆情条数：名称、数量，从多到少']
    按月份: Annotated[list[Record], '全年 12 个月每月一项：月份、数量']
    较大以上: Annotated[list[Record], '较大及以上的舆情，内容同“舆情列表”']
    未办结: Annotated[list[Record], '没有办结时间的舆情，内容同“舆情列表”']
    重点舆情: Annotated[list[Record], '工作总结逐条写的较大及以上舆情：最多 5 条，超时的和等级高的优先，按发现时间排列；每条另有 简述（一句话：时间、来源、摘要、等级、上报和回应用时、办结）、经过（几句话）']
    其他超时说明: Annotated[list[str], '“超时说明”中不属于“重点舆情”的各句（工作总结在段落中写这些，重点舆情的超时已在逐条说明中）']
    超时说明: Annotated[list[str], '每个超过时限的环节一句：“3月5日的重大舆情（摘要）发现后3小时上报，超过1小时时限”']
    部门负责人: Annotated[list[Record], '各部门的负责人：年末在队人员中职务是本部门负责人的（与部门相符的主任、科长、股长、所长等，如股的股长、所的所长，或“办公室主任”这样带本部门名称的；不含副职、别的机构的负责人如“居委会主任”、领导小组组长和副组长），按部门排在一起：部门、称呼（如“党政综合办公室主任张文涛”）、姓名']
    部门负责人称呼: Annotated[list[str], '部门负责人的称呼，同一职务的几位写在一起，如“党政综合办公室主任潘涵伟、沈涵红”']
    阵地列表: Annotated[list[Record], '网络阵地表的各行：序号、平台、名称、主办部门、负责人、审核人、开设时间、状态、全年发布、关注人数、备注；无此表时为空列表']
    在用阵地: Annotated[list[Record], '状态为“正常”的网站和账号，内容同“阵地列表”']
    阵地按平台: Annotated[list[Record], '在用账号按平台计数：名称、数量']
    无审核人阵地: Annotated[list[Record], '在用但没有审核人的账号']
    同人审核阵地: Annotated[list[Record], '负责人和审核人是同一人的在用账号']
    停更阵地: Annotated[list[Record], '状态为“停更”的账号（实施方案提出关停或整合）']
    工作记录: Annotated[list[Record], '工作记录表当年的各行，按日期排序：序号、日期、月日、类型、内容、名称（去掉书名号的内容）、主持人或牵头部门、参加人数、文号；无此表时为空列表']
    记录按类型: Annotated[list[Record], '工作记录按类型计数：名称、数量']
    会议列表: Annotated[list[Record], '类型为“会议”的工作记录，内容同“工作记录”']
    文件列表: Annotated[list[Record], '类型为“文件”的工作记录']
    制度列表: Annotated[list[Record], '类型为“制度”的工作记录']
    活动列表: Annotated[list[Record], '类型为“活动”的工作记录']
    督查列表: Annotated[list[Record], '类型为“督查”的工作记录']
    研判日期: Annotated[list[str], '每季度末的舆情研判日期（不含年份，前面写 {{ 计划年度 }}年）：3月31日、6月30日、9月30日、12月31日']
    专题研究日期: Annotated[list[str], '每年两次专题研究网络意识形态工作的月份：6月、12月']
    舆情报告: Annotated[dict[str, Any], '舆情分析研判报告的期间（全年或 --quarter 给出的季度）：报告期、上期（“2024年”“第二季度”，不知道上期时为空）、总数、上期总数、增减、特别重大、重大、较大、一般、未分级、较大以上数、按等级 / 按来源 / 按类别（有上期时每项另有 上期、增减）、按部门、按月份、较大以上、未办结、未办结数、已办结数、平均办结天数、上报 / 回应（按时、超时、未计时、及时率、情况）、超时说明、重复类别、研判（据数据得出的判断，每条一句）、关注（下一步重点，每条一句）、成文日期（报告的落款日期：单位的成文日期；季度报告的成文日期不在该季度最后一个月或其后一个月内时，为该季度的最后一天）']
    上年: Annotated[dict[str, Any], '上一年度同一单位的各项数值（有上一年度工作簿时），无则为空']
    增减: Annotated[dict[str, Number], '与上一年度相比的差值（本年 − 上年），无上一年度时为空']
    图表: Annotated[dict[str, Chart], '可在 Word/WPS 中编辑数据的图表，单独占一段：{{ 图表.月度学时 }}（每月培训学时）、{{ 图表.月度工作 }}（每月各项工作量）、{{ 图表.部门构成 }}（各部门人数，按队伍类别分色）']


class RenderContext(UnitContext, total=False):
    """What rendering adds: the counters, the line break, and 本人 for a per-member document."""

    编号: Annotated[HeadingCounter, '标题序号计数器：{{ 编号(1) }} 依次给出 一、二、……，{{ 编号(2) }} 给出（一）（二）……']
    条款: Annotated[ArticleCounter, '制度条款序号计数器：{{ 条款() }} 依次给出 第一条、第二条……；略去的条款不占序号']
    换行: Annotated[str, '段落内（如表格一格内）换行：{{ 换行 }}']
    本人: Annotated[Record, '个人工作总结的本人（每名年末在队人员生成一份）：内容同“名册”的一项，如 {{ 本人.姓名 }}、{{ 本人.部门 }}、{{ 本人.参训次数 }}、{{ 本人.学时 }}、{{ 本人.培训主题 }}、{{ 本人.工作量 }}（本人类别的指标，每项有 指标、合计、单位、同类人均、排名）、{{ 本人.等次 }}；各段文字在 {{ 本人.小结.思想认识 }} 等（见“名册”的 小结）']


class RollupContext(TypedDict):
    """The roll-up's variables (汇总.docx)."""

    年度: Annotated[int, '汇总的年度（各单位中最新的年度；其他年度的单位不汇总，运行时会说明）']
    队伍名称: Annotated[str, '各单位最常用的队伍名称']
    成员称谓: Annotated[str, '队伍成员的称谓，如“网络评论员”']
    单位数: Annotated[int, '汇总的单位数（个）']
    汇总单位: Annotated[str, '各单位共同的上级单位（“县委宣传部”与“青山县委宣传部”视为同一机关，取写得全的）；不一致或未填写时为空']
    落款: Annotated[str, '汇总文档的落款：运行时 --issuer 给出的机关，否则同“汇总单位”；为空时不加落款']
    人均学时前列: Annotated[str, '人均学时最高的几个单位（单位数的一半以内，最多 3 个，与第 3 个并列的一并列入；并列太多、分不出前列时为空），名称用顿号连接']
    人均学时后列: Annotated[str, '人均学时最低的几个单位，同上（前列、后列各自确定，可能只有一头）']
    参训率前列: Annotated[str, '参训率最高的几个单位，同上']
    参训率后列: Annotated[str, '参训率最低的几个单位，同上']
    未培训单位: Annotated[str, '全年没有组织培训的单位，名称用顿号连接；没有时为空']
    成文日期: Annotated[str, '各单位成文日期中最晚的一个']
    单位列表: Annotated[list[Record], '每个单位一项：序号、单位名称、队伍人数、新增人数、减少人数、党员人数、培训次数、培训学时、参训人次、人均学时、参训率、优秀人数（没有考核等次的单位为“—”）、排名（按人均学时从高到低，并列同名次）']
    合计: Annotated[dict[str, Number], '各项合计：同上各项；人均学时、参训率按全部单位的人员重新计算，不是各单位数值的平均']
    舆情单位列表: Annotated[list[Record], '报送了舆情台账的单位，每个一项：序号、单位名称、舆情总数、较大以上舆情数、重大以上舆情数、上报及时率、回应及时率（没有能够比较的条目时为空）、未办结数；都没有舆情台账时为空列表']
    舆情合计: Annotated[dict[str, Any], '舆情各项合计：舆情总数、较大以上舆情数、重大以上舆情数、未办结数，上报及时率、回应及时率按各单位能够比较的条目重新计算']
    重大舆情单位: Annotated[str, '发生重大或特别重大舆情的单位，名称用顿号连接；没有时为空']
    无舆情台账单位: Annotated[str, '有单位报送舆情台账时，没有报送的单位，名称用顿号连接']
    应汇总单位数: Annotated[int, '本次应汇总的单位数：有应报单位名单时为名单中的单位（加上名单外报送的单位），否则为报送了工作簿的单位']
    未汇总单位: Annotated[list[Record], '没有纳入汇总的单位，每个一项：单位名称、原因（未报送、报送的文件无法读取、报送的数据有错误，待改正后补报、报送的是其他年度数据）；都已汇总时为空列表']
    未汇总说明: Annotated[str, '未汇总的单位按原因写成一句，如“青山县林业局、青山县水利局未报送；青山县财政局报送的数据有错误，待改正后补报”；都已汇总时为空']


def descriptions(cls: type) -> dict[str, str]:
    """A TypedDict's fields and their descriptions, in the order they are declared."""
    hints = get_type_hints(cls, include_extras=True)
    return {name: hint.__metadata__[0] for name, hint in hints.items()}


SCALARS: dict[str, str] = descriptions(Scalars)
TABLES: dict[str, str] = {k: v for k, v in descriptions(RenderContext).items() if k not in SCALARS and k != "本人"}
PERSONAL: dict[str, str] = {"本人": descriptions(RenderContext)["本人"]}
ROLLUP_VARIABLES: dict[str, str] = descriptions(RollupContext)
