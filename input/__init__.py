"""Package data: the sample bulletin (the editor's text and the .docx built from it).

This folder is also the Python package ``publish.sample`` (pyproject.toml maps it), so that a wheel
carries the sample and ``publish.resources.sample()`` finds it through importlib.resources.
"""
