"""How the real-world suite compares two runs: the default callback's text read back into
task results, aligned task by task and host by host, each difference given a cause, and
the table. Read by scripts/realworld."""

import difflib
import json
import re

BANNER = re.compile(r"^(TASK|RUNNING HANDLER) \[(?P<title>.*)\] \**\s*$")
PLAY = re.compile(r"^PLAY \[(?P<title>.*)\] \**\s*$")
RESULT = re.compile(
    r"^(?P<status>ok|changed|skipping|fatal|failed|included|skipped|unreachable): "
    r"(?:\[(?P<host>[^\]]+)\]|(?P<file>.+?) for (?P<hosts>[\w.,\- ]+)$)(?P<rest>.*)$")
RESOLVE = re.compile(r"couldn't resolve module/action '([^']+)'")
PRECEDENCE = {"failed": 4, "unreachable": 5, "changed": 3, "ok": 2, "included": 1, "skipped": 0}


def results(text):
    """[(title, host, status, message)] in the order the run printed its tasks, the hosts
    of one task sorted by name (both tools print them in the order they finish); a loop's
    items folded into one result per host (the worst status), as a recap counts them."""
    found = []
    index = {}
    title = None
    section = 0
    for line in text.splitlines():
        match = BANNER.match(line)
        if match:
            found[section:] = sorted(found[section:], key=lambda result: result[1])
            section = len(found)
            title = match.group("title")
            index = {}
            continue
        if PLAY.match(line) or line.startswith("PLAY RECAP"):
            title = None
            continue
        if title is None:
            continue
        match = RESULT.match(line)
        if not match:
            if line.startswith("...ignoring"):
                for key in index:
                    found[index[key]] = found[index[key]][:3] + (found[index[key]][3] + " (ignored)",)
            continue
        status = {"skipping": "skipped", "fatal": "failed"}.get(match.group("status"), match.group("status"))
        if "UNREACHABLE!" in match.group("rest"):
            status = "unreachable"
        hosts = [match.group("host")] if match.group("host") else [h.strip() for h in match.group("hosts").split(",")]
        message = message_of(match.group("rest")) if status in ("failed", "unreachable") else ""
        for host in hosts:
            if host in index:
                old = found[index[host]]
                if PRECEDENCE[status] > PRECEDENCE[old[2]]:
                    found[index[host]] = (title, host, status, message or old[3])
            else:
                index[host] = len(found)
                found.append((title, host, status, message))
    found[section:] = sorted(found[section:], key=lambda result: result[1])
    return found


def message_of(rest):
    """The `msg` of a failure's JSON, shortened for the table."""
    start = rest.find("{")
    if start < 0:
        return rest.strip()[:160]
    try:
        data = json.loads(rest[start:])
        message = data.get("msg") or data.get("stderr") or data.get("module_stderr") or ""
        text = str(message).strip()
        missing = RESOLVE.search(text)
        if missing:
            return missing.group(0)
        return text.splitlines()[0][:160] if text else json.dumps(data)[:160]
    except (ValueError, AttributeError):
        missing = RESOLVE.search(rest)
        return missing.group(0) if missing else rest[start:][:160]


def cause_of(message):
    missing = RESOLVE.search(message or "")
    if missing:
        return f"module {missing.group(1)} missing"
    return message or "?"


def first_error(text):
    """The first error line of a failed run (ERROR!, [ERROR]: or error:), else its first line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if "ERROR" in line or line.lower().startswith("error"):
            return line[:200]
    return lines[0][:200] if lines else ""


def phase(name, ansible, swiftplay):
    if name == "syntax":
        loads_a, loads_s = ansible["code"] == 0, swiftplay["code"] == 0
        cause = ""
        if loads_a and not loads_s:
            text = swiftplay["stderr"] + swiftplay["stdout"]
            missing = RESOLVE.search(text)
            cause = f"module {missing.group(1)} missing" if missing else first_error(text)
        elif loads_s and not loads_a:
            cause = "ansible: " + first_error(ansible["stderr"] + ansible["stdout"])
        return {"ansible_loads": loads_a, "swiftplay_loads": loads_s, "cause": cause}
    if name in ("tasks", "tags"):
        a = normalize_listing(ansible["stdout"])
        s = normalize_listing(swiftplay["stdout"])
        diff = [line for line in difflib.unified_diff(a, s, "ansible", "swiftplay", lineterm="", n=0)
                if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        return {"same": a == s and ansible["code"] == swiftplay["code"], "codes": [ansible["code"], swiftplay["code"]],
                "diff": diff[:12], "lines": len(a)}
    return compare_runs(ansible, swiftplay)


def normalize_listing(text):
    # The playbook line names the file as given on the command line; both get the same one.
    return [line.rstrip() for line in text.splitlines() if line.strip() and not line.startswith("[WARNING]")]


def compare_runs(ansible, swiftplay):
    """Task results of two runs of the same playbook, aligned by task title and host."""
    a = results(ansible["stdout"])
    s = results(swiftplay["stdout"])
    keys_a = [(t, h) for t, h, _, _ in a]
    keys_s = [(t, h) for t, h, _, _ in s]
    agree = 0
    differences = []
    matched = set()
    for block in difflib.SequenceMatcher(None, keys_a, keys_s, autojunk=False).get_matching_blocks():
        for offset in range(block.size):
            i, j = block.a + offset, block.b + offset
            matched.add(i)
            if a[i][2] == s[j][2]:
                agree += 1
            else:
                cause = cause_of(s[j][3]) if s[j][2] == "failed" else (
                    "ansible failed: " + a[i][3] if a[i][2] == "failed" else f"{a[i][2]} vs {s[j][2]}")
                differences.append({"task": a[i][0], "host": a[i][1], "ansible": a[i][2], "swiftplay": s[j][2],
                                    "cause": cause})
    # Ansible results swiftplay never reported: it stopped earlier, or named the task otherwise.
    stop = next((cause_of(r[3]) for r in reversed(s) if r[2] in ("failed", "unreachable")), None)
    for i, (title, host, status, _) in enumerate(a):
        if i not in matched:
            differences.append({"task": title, "host": host, "ansible": status, "swiftplay": "-",
                                "cause": ("swiftplay stopped: " + stop) if stop else "not reported by swiftplay"})
    cause = ""
    if not s and swiftplay["code"] != 0:
        cause = cause_of(first_error(swiftplay["stderr"] + swiftplay["stdout"]))
    return {"total": len(a), "agree": agree, "codes": [ansible["code"], swiftplay["code"]],
            "swiftplay_results": len(s), "differences": differences, "cause": cause}


def unloaded_check(target, env, folder, arguments, timeout, run, cause):
    """Ansible's check run alone, for a target swiftplay cannot load: its results count
    in the total as disagreeing, each with the load error as cause."""
    code, out, err = run(["ansible-playbook"] + arguments, env, folder, timeout)
    with open(f"{folder}/check.ansible.log", "w") as log:
        log.write(f"exit {code}\n--- stdout\n{out}\n--- stderr\n{err}\n")
    found = results(out)
    return {"total": len(found), "agree": 0, "codes": [code, None], "swiftplay_results": 0,
            "differences": [{"task": t, "host": h, "ansible": st, "swiftplay": "-", "cause": "not loaded: " + cause}
                            for t, h, st, _ in found], "cause": "not loaded: " + cause}


def table(results_list, phases):
    lines = []
    header = f"{'target':42} {'load a/s':9} {'tasks':6} {'tags':6} {'check agree':12} {'real':10}"
    lines += [header, "-" * len(header)]
    loads_a = loads_both = agree = total = 0
    causes = {}
    for result in results_list:
        p = result["phases"]
        syntax = p.get("syntax")
        load = "-"
        if syntax:
            load = f"{'y' if syntax['ansible_loads'] else 'n'}/{'y' if syntax['swiftplay_loads'] else 'n'}"
            if syntax["ansible_loads"]:
                loads_a += 1
                loads_both += syntax["swiftplay_loads"]
        tasks = ("same" if p["tasks"]["same"] else "DIFF") if "tasks" in p else "-"
        tags = ("same" if p["tags"]["same"] else "DIFF") if "tags" in p else "-"
        check = "-"
        if "check" in p:
            check = f"{p['check']['agree']}/{p['check']['total']}"
            agree += p["check"]["agree"]
            total += p["check"]["total"]
            for difference in p["check"]["differences"]:
                causes.setdefault(difference["cause"], []).append(f"{result['target']}: {difference['task']}")
        real = "-"
        if "real" in p:
            real = f"{p['real']['agree']}/{p['real']['total']}"
        lines.append(f"{result['target']:42} {load:9} {tasks:6} {tags:6} {check:12} {real:10}")
    lines.append("")
    for result in results_list:
        p = result["phases"]
        notes = []
        if p.get("syntax", {}).get("cause"):
            notes.append("load: " + p["syntax"]["cause"])
        for name in ("tasks", "tags"):
            if name in p and not p[name]["same"]:
                notes.append(f"{name}: " + " | ".join(p[name]["diff"][:4]))
        if notes:
            lines.append(f"{result['target']}:")
            lines += ["  " + note[:300] for note in notes]
    if causes:
        lines.append("")
        lines.append("check-mode differences by cause (count, cause, first tasks):")
        for cause, where in sorted(causes.items(), key=lambda item: -len(item[1])):
            lines.append(f"  {len(where):4}  {cause[:150]}")
            lines += [f"          {w[:140]}" for w in where[:3]]
    lines.append("")
    lines.append(f"real-world: {loads_both}/{loads_a} roles load, {agree}/{total} task results agree")
    return "\n".join(lines)
