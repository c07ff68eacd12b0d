"""The command line per module: tests/cli/test_<module>.py beside hukou_desk/cli/<module>.py (a
package, so that its names do not meet tests/storage/test_cases.py and the others)."""
