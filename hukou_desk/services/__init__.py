"""One function per user action, below every screen and the command line (no Qt).

Each takes the `Counter` (the open case file, the plan, the calendar) and the acting user,
re-reads that user's account (a disabled account acts no more), checks the role and the case's
state through the domain's rules, and does its whole work in one transaction with its audit
event. The GUI (`ui/`) and the command line (`cli*`) call these and nothing below them.
"""
