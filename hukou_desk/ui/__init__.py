"""The Qt Widgets front end. Nothing below this package imports it."""
