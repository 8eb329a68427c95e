"""Python packaging standards as pure functions over strings and data.

One module per standard; none reads files, touches the network or asks the
running host what it is. Built on ``packaging``: pynix adds only what it lacks.
"""
