"""Drive a server with wrk (an efficient C load generator) and read its figures back."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import Any

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}

# Appended to every script: count statuses per thread, collect the ids of successful writes,
# and print one JSON line of totals when wrk is done.
_COMMON_LUA = r"""
local threads = {}
local thread_no = 0
function setup(thread)
  thread:set("tid", thread_no)
  thread_no = thread_no + 1
  table.insert(threads, thread)
end
ok, failed, wins = 0, 0, ""
function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    if collect_ids then
      local id = string.match(body, '"id":(%d+)')
      if id then wins = wins .. id .. "," end
    end
  else
    failed = failed + 1
  end
end
function done(summary, latency, requests)
  local total_ok, total_failed, counts, doubles = 0, 0, {}, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_failed = total_failed + thread:get("failed")
    for id in string.gmatch(thread:get("wins"), "(%d+),") do
      counts[id] = (counts[id] or 0) + 1
      if counts[id] == 2 then doubles = doubles + 1 end
    end
  end
  io.write(string.format('\nRESULT {"ok": %d, "failed": %d, "double_winners": %d}\n',
                         total_ok, total_failed, doubles))
end
"""


@dataclass
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    ok: int
    failed: int
    double_winners: int
    duration_s: float
    generator_cpu_share: float  # of the whole machine (all cores)

    def as_dict(self, floor: float | None = None) -> dict[str, Any]:
        data = {k: round(v, 3) if isinstance(v, float) else v for k, v in self.__dict__.items()}
        if floor:
            data["ratio_to_floor"] = round(self.requests_per_s / floor, 4)
        return data


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian package).")
    return path


def lua_list(values: list[Any]) -> str:
    return "{" + ",".join(json.dumps(v) for v in values) + "}"


def run(url: str, *, connections: int, seconds: float, script: str = "", threads: int = 2,
        headers: dict[str, str] | None = None, collect_ids: bool = False) -> WrkResult:
    wrk = require_wrk()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(f"collect_ids = {'true' if collect_ids else 'false'}\n" + script + _COMMON_LUA)
        script_path = handle.name
    command = [wrk, f"-t{min(threads, connections)}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
               "--latency", "--timeout", "10s", "-s", script_path]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.unlink(script_path)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    totals = json.loads(output.split("RESULT", 1)[1].strip().splitlines()[0])
    return WrkResult(
        requests_per_s=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        p50_ms=_percentile(output, "50%"), p99_ms=_percentile(output, "99%"),
        ok=totals["ok"], failed=totals["failed"], double_winners=totals["double_winners"],
        duration_s=wall, generator_cpu_share=cpu / wall / (os.cpu_count() or 1),
    )


def _percentile(output: str, label: str) -> float:
    match = re.search(rf"^\s+{re.escape(label)}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if match is None:
        raise RuntimeError("wrk printed no latency distribution:\n" + output)
    return float(match.group(1)) * _UNITS[match.group(2)]


def reserve_script(ids: list[int], tokens: list[str], *, per_slot: int, threads: int) -> str:
    """Lua for wrk: request i reserves ids[i // per_slot] as client tokens[i] (per_slot=1: every
    request a different slot); requests are numbered across wrk's ``threads``."""
    return f"""
ids = {lua_list(ids)}
tokens = {lua_list(tokens)}
counter = 0
function request()
  local i = tid + counter * {threads}
  counter = counter + 1
  local id = ids[math.floor(i / {per_slot}) % #ids + 1]
  local tok = tokens[i % #tokens + 1]
  return wrk.format("PATCH", "/api/v1/slots/" .. id .. "/reserve/",
                    {{["Authorization"] = "Bearer " .. tok}}, nil)
end
"""
