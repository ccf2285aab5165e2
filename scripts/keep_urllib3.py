"""Undo urllib3-future's takeover of urllib3 in this environment.

``caldav`` (the server's calendars) needs ``niquests``, which brings ``urllib3-future``. That wheel
installs a ``.pth`` file that, at every interpreter start, copies itself over the real ``urllib3``
package: ``requests`` (schemathesis, in the tests) then breaks ('TrafficPolice' object has no
attribute 'keys'). niquests works with its own ``urllib3_future`` package beside the real one, so
the ``.pth`` is removed and urllib3 reinstalled as it was. Run by ``make`` after installing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path


def main() -> int:
    site = Path(sysconfig.get_paths()["purelib"])
    hook = site / "urllib3_future.pth"
    if not hook.exists() and not (site / "urllib3" / ".u3f_sync").exists():
        return 0
    hook.unlink(missing_ok=True)
    version = metadata.version("urllib3")
    shutil.rmtree(site / "urllib3", ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps",
                    f"urllib3=={version}"], check=True)
    print(f"kept urllib3 {version} beside urllib3-future")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
