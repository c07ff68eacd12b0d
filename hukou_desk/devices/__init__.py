"""The counter's devices below the screens: the identity-card reader (Qt-free).

A reader gives a typed `Card` or raises a `CardFault` that says in words what went wrong.
The vendors' libraries are never shipped: an administrator points the desk at them.
"""
