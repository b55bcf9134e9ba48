"""The shipped reports that several test modules name, as document ids (paths under
``corpus/docs``), beside tests/laws.py for the laws: written once here, so that a renamed
file is one edit."""

# The founding document: the Harbin federation of trade unions' 2013 work report, a raw
# hrbgh.org page dump with sections (一、 …) and a hardship-relief section.
HARBIN_REPORT = "hrbgh/harbin-2013-work-report.txt"
