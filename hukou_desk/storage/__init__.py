"""The station's case file: tables, migrations, repository functions, audit trail, backups.

No Qt here: the GUI, the command line and the importer share it.
"""
