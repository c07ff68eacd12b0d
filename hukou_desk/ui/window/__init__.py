"""The main window's concerns, one a file: the tabs (`tabs`), the menus (`menus`), the status
bar (`status`), the session and its lock (`session`), printing and export (`printing`). The
window itself (`hukou_desk.ui.main_window`) only puts them together."""
