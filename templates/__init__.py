"""Package data: the reference .docx whose styles the .docx writer uses, and the masthead defaults.

This folder is also the Python package ``publish.templates`` (pyproject.toml maps it), so that a wheel
carries these files and ``publish.resources`` finds them through importlib.resources.
"""
