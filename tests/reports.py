"""The shipped reports that several test modules name, as document ids (paths under
``corpus/docs``), beside tests/laws.py for the laws: written once here, so that a renamed
file is one edit."""

# The founding document: the Harbin federation of trade unions' 2013 work report, a raw
# hrbgh.org page dump with sections (一、 …) and a hardship-relief section.
HARBIN_REPORT = "hrbgh/harbin-2013-work-report.txt"

# The State Council's 2019 government work report: a long national report in numbered
# sections (一、2018年工作回顾 …) that speaks of jobs and reform in the wording of policy.
GOV_REPORT_2019 = "gov-reports/2019-国务院政府工作报告.txt"

# The State Council's 2009 government work report, written in the international financial
# crisis: jobs (就业) and livelihoods in the wording of national policy.
GOV_REPORT_2009 = "gov-reports/2009-国务院政府工作报告.txt"

# Beijing's 2026 government work report: a provincial report (a city's policy, not a union's)
# with the page furniture of its source (下载, 打印, 【字号：…】) before the text.
BEIJING_REPORT_2026 = "provincial-reports/2026-北京市.txt"
