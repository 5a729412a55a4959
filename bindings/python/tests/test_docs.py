"""The docstring examples, the README's example and its printed output, and the example script."""

from __future__ import annotations

import doctest
import pathlib
import re
import subprocess
import sys
from types import ModuleType

import pytest

import deminimis
import deminimis._errors
import deminimis._frame

BINDING = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "module", [deminimis, deminimis._errors, deminimis._frame], ids=lambda m: m.__name__
)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_readme_example_prints_what_the_readme_shows(capsys: pytest.CaptureFixture[str]) -> None:
    text = (BINDING / "README.md").read_text()
    m = re.search(r"```python\n(.*?)```\n+Prints:\n+```text\n(.*?)```", text, flags=re.S)
    assert m, "README: a ```python block followed by 'Prints:' and a ```text block"
    code, shown = m.groups()
    assert len(code.strip().splitlines()) <= 5
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == shown


@pytest.mark.slow
def test_example_script_runs() -> None:
    script = BINDING / "examples" / "impact_2025_2026.py"
    r = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False, timeout=120
    )
    assert r.returncode == 0, r.stderr
    for heading in ("US: the whole catalogue", "EU: duty, VAT and fees per parcel", "<Quote US"):
        assert heading in r.stdout
    assert r.stderr == ""
