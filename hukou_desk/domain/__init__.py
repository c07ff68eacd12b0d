"""The Qt-free core: identity numbers, the plan's pathways, facts and the eligibility engine.

Nothing in this package imports PySide6; the command line, the GUI and the importer share it.
"""
