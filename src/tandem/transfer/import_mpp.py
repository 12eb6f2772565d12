"""Native MS Project ``.mpp`` files, read through MPXJ (the optional ``mpp`` extra).

MPXJ is a Java library; PyPI's ``mpxj`` package ships its jars. Tandem does not start a Java
virtual machine inside the web process: it runs MPXJ's converter (``org.mpxj.sample.MpxjConvert``)
in a child process with a time limit, which turns the ``.mpp`` into MS Project XML, and reads
that. Without the package or without a Java runtime the import says so and suggests saving the
plan as XML in MS Project.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess  # noqa: S404 - a fixed command line, no shell
import tempfile
from pathlib import Path

from tandem.engine.scheduling.model import FileFormatError

CONVERTER = "org.mpxj.sample.MpxjConvert"
TIMEOUT_SECONDS = 120
SAVE_AS_XML = "in MS Project, use File > Save As > XML Format (*.xml) and import that file"


def mpxj_jars() -> Path | None:
    """The folder of MPXJ's jars, or None when the ``mpxj`` package is not installed."""
    spec = importlib.util.find_spec("mpxj")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "lib"
    return folder if (folder / "mpxj.jar").exists() else None


def java_binary() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def mpp_supported() -> str | None:
    """None when ``.mpp`` files can be read here, else why not (for messages)."""
    if mpxj_jars() is None:
        return "reading .mpp files needs the optional 'mpp' extra (MPXJ), not installed here"
    if java_binary() is None:
        return "reading .mpp files needs a Java runtime, not installed on this server"
    return None


def mpp_to_mspdi(data: bytes, name: str) -> bytes:
    """Convert an ``.mpp`` file's bytes to MS Project XML; FileFormatError naming the file when
    it cannot be read (or when this server cannot read ``.mpp`` files at all)."""
    missing = mpp_supported()
    jars, java = mpxj_jars(), java_binary()
    if missing is not None or jars is None or java is None:
        raise FileFormatError(f"{missing}; {SAVE_AS_XML}", name)
    with tempfile.TemporaryDirectory(prefix="tandem-mpp-") as folder:
        source = Path(folder) / "plan.mpp"
        target = Path(folder) / "plan.xml"
        source.write_bytes(data)
        try:
            done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [java, "-Xmx1g", "-cp", f"{jars}/*", CONVERTER, str(source), str(target)],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise FileFormatError(
                f"reading the .mpp file took over {TIMEOUT_SECONDS} s; {SAVE_AS_XML}", name
            ) from None
        if done.returncode != 0 or not target.exists():
            detail = _java_error(done.stderr.decode("utf-8", "replace"))
            raise FileFormatError(
                f"MPXJ cannot read this .mpp file ({detail}); {SAVE_AS_XML}", name
            )
        return target.read_bytes()


def _java_error(stderr: str) -> str:
    """The first line of a Java exception worth showing (its message, not the stack)."""
    for line in stderr.splitlines():
        text = line.strip()
        if text and not text.startswith("at ") and "Exception" in text:
            return text.split(":", 1)[-1].strip()[:200] or text[:200]
    return "unknown error"
