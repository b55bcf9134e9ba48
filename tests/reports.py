"""The shipped reports that several test modules name, as document ids (paths under
``corpus/docs``), beside tests/laws.py for the laws: written once here, so that a renamed
file is one edit."""

# The founding document: the Harbin federation of trade unions' 2013 work report, a raw
# hrbgh.org page dump with sections (一、 …) and a hardship-relief section.
HARBIN_REPORT = "hrbgh/harbin-2013-work-report.txt"

# The State Council's 2019 government work report: a long national report in numbered
# sections (一、2018年工作回顾 …) that speaks of jobs and reform in the wording of policy.
GOV_REPORT_2019 = "gov-reports/2019-国务院政府工作报告.txt"
