#!/usr/bin/env python3
"""Run a command on a pseudo-terminal and answer its secret prompts, as a person would.

usage: pty-answer.py PROMPT_TEXT SECRET_FILE[,SECRET_FILE...] -- COMMAND...

Every time PROMPT_TEXT appears in the output, a secret is typed followed by Enter: the
first file's for the first prompt, the next file's for the next, the last file's from then on. The secret is never on a command line. At the end the transcript goes to
stdout, `prompts=N` (how many times the prompt was seen) to stderr, and the command's exit
code becomes this script's.
"""
import os
import pty
import select
import sys
import time


def main() -> int:
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        print(__doc__, file=sys.stderr)
        return 64
    prompt = sys.argv[1].encode()
    secrets = []
    for path in sys.argv[2].split(","):
        with open(path, "rb") as handle:
            secrets.append(handle.read().strip(b"\n"))
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[4], sys.argv[4:])
    transcript = b""
    answered = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        transcript += chunk
        while transcript.count(prompt) > answered:
            os.write(fd, secrets[min(answered, len(secrets) - 1)] + b"\n")
            answered += 1
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(transcript.decode(errors="replace"))
    print(f"prompts={answered}", file=sys.stderr)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
