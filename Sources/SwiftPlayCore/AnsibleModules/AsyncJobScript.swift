import ValueModel

/// The Python that starts one of Ansible's modules as an `async:` job on the host (ours;
/// it keeps the file layout and JSON Ansible's async_wrapper keeps, so `async_status`
/// from either tool reads the other's jobs).
///
/// Arguments: the time limit in seconds, the job id's prefix, and the module bootstrap
/// (`ModuleBootstrap.script`); standard input holds the same bytes a synchronous run
/// gets (header, arguments, zip). The script reads them, makes `~/.ansible_async` (or
/// `$ANSIBLE_ASYNC_DIR`) for the user it runs as, detaches a daemon (new session, its
/// standard streams on /dev/null, so the job outlives the SSH session), waits until the
/// daemon has written the job file `{"started": true, "finished": false, ...}`, and
/// prints the start result. The daemon runs the bootstrap with the payload on its
/// standard input in a session of its own, kills that session when the limit passes
/// (the job file then says "Timeout exceeded"), and otherwise replaces the job file with
/// the module's JSON result, atomically. The arguments never touch a disk.
enum AsyncJobScript {
  static let launcher = #"""
    import json, os, signal, subprocess, sys

    def write(path, data):
        partial = path + ".partial"
        with open(partial, "w") as handle:
            handle.write(json.dumps(data))
        os.rename(partial, path)

    def module_result(text):
        lines = text.splitlines()
        for index, line in enumerate(lines):
            if line.lstrip().startswith("{"):
                return json.JSONDecoder().raw_decode("\n".join(lines[index:]).lstrip())[0]
        raise ValueError("the module printed no JSON result")

    def run(limit, jid, path, boot, payload):
        try:
            child = subprocess.Popen([sys.executable, "-c", boot], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, start_new_session=True)
        except OSError as error:
            write(path, {"failed": True, "msg": str(error), "ansible_job_id": jid})
            return
        try:
            out, err = child.communicate(payload, timeout=limit if limit > 0 else None)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except OSError:
                pass
            child.communicate()
            write(path, {"msg": "Timeout exceeded", "failed": True, "child_pid": child.pid})
            return
        text = out.decode("utf-8", "replace")
        errors = err.decode("utf-8", "replace")
        try:
            result = module_result(text)
        except ValueError as error:
            result = {"failed": True, "msg": str(error), "data": text, "stderr": errors, "ansible_job_id": jid}
        else:
            if errors:
                result["stderr"] = errors
        write(path, result)

    def main():
        limit, prefix, boot = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        payload = sys.stdin.buffer.read()
        folder = os.path.expanduser(os.environ.get("ANSIBLE_ASYNC_DIR") or "~/.ansible_async")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        jid = "%s.%d" % (prefix, os.getpid())
        path = os.path.join(folder, jid)
        ready, done = os.pipe()
        if os.fork():
            os.close(done)
            started = os.read(ready, 1) == b"1"
            if not started:
                print(json.dumps({"failed": True, "msg": "could not start the async job", "ansible_job_id": jid}))
                sys.exit(1)
            print(json.dumps({"failed": False, "started": True, "finished": False, "ansible_job_id": jid,
                              "results_file": path, "changed": True}))
            sys.stdout.flush()
            os._exit(0)
        os.close(ready)
        os.setsid()
        os.umask(0o022)
        if os.fork():
            os._exit(0)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        write(path, {"started": True, "finished": False, "ansible_job_id": jid})
        os.write(done, b"1")
        os.close(done)
        run(limit, jid, path, boot, payload)
        os._exit(0)

    main()
    """#
}
