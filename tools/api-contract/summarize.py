#!/usr/bin/env python3
"""Summarises the Schemathesis runs of tools/api-contract/run.sh.

Reads each run's NDJSON event stream and JSON run report (written by `schemathesis run --report
ndjson,json`) and prints one summary line per run, then every distinct failure - grouped by check,
operation and response status - with one curl command that reproduces it. The same list is written
to failures.md in the log directory, and every failing request to failures.tsv.

Usage: summarize.py LOG_DIR RUN_NAME...   (reads LOG_DIR/RUN_NAME/{events.ndjson,report.json};
       the bearer token of a run, if any, is read from LOG_DIR/RUN_NAME/token and shown as $TOKEN)
"""
from __future__ import annotations

import base64
import json
import shlex
import sys
from pathlib import Path


def printf_escape(raw: bytes) -> str:
    """A printf format that writes exactly these bytes."""
    out = []
    for byte in raw:
        char = chr(byte)
        if char == "%":
            out.append("%%")
        elif char == "\\":
            out.append("\\\\")
        elif 32 <= byte < 127 and char != "'":
            out.append(char)
        else:
            out.append(f"\\x{byte:02x}")
    return "".join(out)


def curl_for(request: dict, token: str | None) -> str:
    prefix = ""
    parts = ["curl", "-sS", "-i", "-X", request.get("method", "GET")]
    for name, values in (request.get("headers") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            text = f"{name}: {value}"
            if token and token in text:
                # Double quotes so that the shell fills in the token of the run.
                parts.append('-H "' + text.replace(token, "$TOKEN").replace('"', '\\"') + '"')
            else:
                parts.append("-H " + shlex.quote(text))
    body = request.get("body")
    if isinstance(body, dict) and "$base64" in body:
        raw = base64.b64decode(body["$base64"])
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and text.isprintable() and len(text) <= 400:
            parts.append("--data-raw " + shlex.quote(text))
        elif len(raw) <= 400:
            # Bytes a shell argument cannot carry (NUL, control characters) go through printf.
            prefix = f"printf '{printf_escape(raw)}' | "
            parts.append("--data-binary @-")
        else:
            parts.append(f"--data-binary @body.bin  # {len(raw)} bytes: the request is in the NDJSON report")
    parts.append(shlex.quote(request.get("uri", "")))
    return prefix + " ".join(parts)


def first_line(text: str, limit: int = 160) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    line = " / ".join(lines[:2])
    return line if len(line) <= limit else line[: limit - 3] + "..."


def response_snippet(response: dict | None, limit: int = 160) -> str:
    if not response:
        return ""
    content = response.get("content") or {}
    raw = b""
    if isinstance(content, dict) and "$base64" in content:
        raw = base64.b64decode(content["$base64"])
    text = raw.decode("utf-8", "replace").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_run(directory: Path) -> dict:
    token_file = directory / "token"
    token = token_file.read_text().strip() if token_file.exists() else None
    report = {}
    if (directory / "report.json").exists():
        report = json.loads((directory / "report.json").read_text())
    failures: dict[tuple, dict] = {}
    statuses: dict[int, int] = {}
    server_errors: list[tuple] = []
    requests = 0
    events = directory / "events.ndjson"
    if events.exists():
        with events.open() as stream:
            for line in stream:
                event = json.loads(line)
                finished = event.get("ScenarioFinished")
                if not finished:
                    continue
                recorder = finished.get("recorder") or {}
                interactions = recorder.get("interactions") or {}
                for case_id, interaction in interactions.items():
                    response = interaction.get("response") or {}
                    status = response.get("status_code")
                    if status is None:
                        continue
                    requests += 1
                    statuses[status] = statuses.get(status, 0) + 1
                    if status >= 500:
                        request = interaction.get("request") or {}
                        server_errors.append((request.get("method"), request.get("uri"), status))
                for case_id, checks in (recorder.get("checks") or {}).items():
                    for check in checks:
                        if check.get("status") != "failure":
                            continue
                        failure = ((check.get("failure_info") or {}).get("failure")) or {}
                        interaction = interactions.get(case_id) or {}
                        response = interaction.get("response") or {}
                        status = response.get("status_code")
                        operation = failure.get("operation") or recorder.get("label")
                        key = (check.get("name"), operation, status)
                        entry = failures.get(key)
                        if entry is None:
                            failures[key] = {
                                "check": check.get("name"),
                                "code": failure.get("code", ""),
                                "title": failure.get("title", ""),
                                "operation": operation,
                                "status": status,
                                "phase": finished.get("phase"),
                                "message": first_line(failure.get("message", "")),
                                "response": response_snippet(response),
                                "curl": curl_for(interaction.get("request") or {}, token) if interaction else "",
                                "count": 1,
                            }
                        else:
                            entry["count"] += 1
    return {
        "report": report,
        "failures": failures,
        "statuses": statuses,
        "server_errors": server_errors,
        "requests": requests,
    }


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    log_dir = Path(sys.argv[1])
    names = sys.argv[2:]
    runs = {name: read_run(log_dir / name) for name in names}

    print("== summary")
    for name, run in runs.items():
        report = run["report"]
        operations = report.get("operations") or {}
        cases = report.get("test_cases") or {}
        exit_code = (log_dir / name / "exit_code").read_text().strip() if (log_dir / name / "exit_code").exists() else "?"
        fivexx = sum(count for status, count in run["statuses"].items() if status >= 500)
        print(
            f"run {name}: exit {exit_code}, {operations.get('tested', '?')}/{operations.get('selected', '?')} operations tested, "
            f"{cases.get('generated', '?')} test cases, {run['requests']} requests, "
            f"{len(run['failures'])} distinct failures (check/operation/status), {fivexx} responses 5xx, "
            f"{report.get('running_time', 0):.0f} s"
        )

    lines: list[str] = []
    tsv: list[str] = ["run\tcheck\tcode\toperation\tstatus\tcount\tphase\tmessage\tcurl"]
    for name, run in runs.items():
        failures = sorted(run["failures"].values(), key=lambda f: (f["check"] or "", f["operation"] or "", f["status"] or 0))
        if not failures:
            continue
        lines.append(f"## run {name}" + (" (curl lines need TOKEN set to this run's bearer token)" if (log_dir / name / "token").exists() else ""))
        for failure in failures:
            lines.append(
                f"- {failure['check']} ({failure['code']} {failure['title']}): {failure['operation']} -> "
                f"{failure['status']} x{failure['count']} [{failure['phase']}]"
            )
            lines.append(f"    {failure['message']}")
            if failure["response"]:
                lines.append(f"    response: {failure['response']}")
            if failure["curl"]:
                lines.append(f"    {failure['curl']}")
            tsv.append(
                "\t".join(
                    str(value).replace("\t", " ")
                    for value in (name, failure["check"], failure["code"], failure["operation"], failure["status"],
                                  failure["count"], failure["phase"], failure["message"], failure["curl"])
                )
            )
        if run["server_errors"]:
            lines.append(f"- 5xx responses: {len(run['server_errors'])}, first: {run['server_errors'][0]}")
    (log_dir / "failures.md").write_text("\n".join(lines) + "\n")
    (log_dir / "failures.tsv").write_text("\n".join(tsv) + "\n")
    if lines:
        print("== failures (also in failures.md and failures.tsv)")
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
