#!/usr/bin/env python3
"""Run a command on a pseudo-terminal, press Ctrl-C at its prompt, report the terminal.

usage: pty-interrupt.py PROMPT_TEXT -- COMMAND...

Prints `echo_during=BOOL echo_after=BOOL exit=N`: whether the terminal echoed input while
the prompt waited, whether echo was back once the command ended, and how it ended
(negative: killed by that signal).
"""
import os
import pty
import select
import sys
import termios


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 64
    prompt = sys.argv[1].encode()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[3], sys.argv[3:])
    seen = b""
    while prompt not in seen:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        seen += os.read(fd, 1024)
    echo_during = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
    os.write(fd, b"\x03")
    _, status = os.waitpid(pid, 0)
    echo_after = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
    print(f"echo_during={echo_during} echo_after={echo_after} exit={os.waitstatus_to_exitcode(status)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
