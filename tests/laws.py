"""The shipped laws that several test modules name, as document ids (paths under
``corpus/docs``): written once here, so that a renamed or renumbered file is one edit."""

CONTRACT_LAW = "laws/national-laws/0158-中华人民共和国劳动合同法.txt"
LABOUR_LAW = "laws/national-laws/0159-中华人民共和国劳动法.txt"
SAFETY_LAW = "laws/national-laws/0160-中华人民共和国安全生产法.txt"
UNION_LAW = "laws/national-laws/0161-中华人民共和国工会法.txt"
ARBITRATION_LAW = "laws/national-laws/0175-中华人民共和国劳动争议调解仲裁法.txt"
# Two versions of one law, for tests of which version answers.
WOMEN_2018 = "laws/national-laws/bench-中华人民共和国妇女权益保障法-2018-10-26.txt"
WOMEN_2022 = "laws/national-laws/bench-中华人民共和国妇女权益保障法-2022-10-30.txt"

# The State Council's implementing regulation of the contract law.
CONTRACT_REGULATION = "laws/state-council-regulations/0167-中华人民共和国劳动合同法实施条例.txt"
WORKING_HOURS = "laws/state-council-regulations/0169-国务院关于职工工作时间的规定.txt"
SURPLUS_STAFF = "laws/state-council-regulations/0171-国有企业富余职工安置规定.txt"
WOMEN_WORKERS = "laws/state-council-regulations/0172-女职工劳动保护特别规定.txt"
ANNUAL_LEAVE = "laws/state-council-regulations/0174-职工带薪年休假条例.txt"
ANNUAL_LEAVE_MEASURES = "laws/ministry-rules/0176-企业职工带薪年休假实施办法.txt"

# The Supreme People's Court's interpretations of labour-dispute law, (一) and (二).
LABOUR_DISPUTES_1 = (
    "laws/judicial-interpretations/"
    "0146-最高人民法院关于审理劳动争议案件适用法律问题的解释（一）.txt"
)
LABOUR_DISPUTES_2 = (
    "laws/judicial-interpretations/"
    "0144-最高人民法院关于审理劳动争议案件适用法律若干问题的解释（二）.txt"
)

BEIJING_UNION_LAW = "laws/local-regulations/0112-北京市实施中华人民共和国工会法办法.txt"
SHANGHAI_SOCIAL_INSURANCE = "laws/local-regulations/0108-上海市城镇职工社会保险费征缴若干规定.txt"
