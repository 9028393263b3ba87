/// The Python that `python -c` runs on the host for each of Ansible's modules (ours; it
/// follows what Ansible's AnsiballZ wrapper must do, not its code).
///
/// Standard input holds a header line (the arguments' length, the module's dotted name,
/// and a key naming the module_utils set), the arguments and the zip payload. Importing
/// `ansible.module_utils.basic` costs a Python about 0.2 s of CPU, more than everything
/// else a task does, so a host keeps one preloaded Python per user and module_utils set (a
/// "module server", as Mitogen keeps one): it has basic imported and forks a child per
/// module, which gets the client's standard input, output and error (passed over a Unix
/// socket), its environment and working folder, runs the module as `__main__` and reports
/// the exit code. The socket lives in a folder only that user can enter (checked, never
/// trusted by name), the arguments travel over it and never touch a disk, and the server
/// exits after a minute without work. Whenever any of this is not possible (an old
/// Python, a folder someone else owns, a server that does not answer) the module runs in
/// the client itself, as a plain AnsiballZ run would; the server acknowledges a request
/// before it runs anything, so a module never runs twice.
enum ModuleBootstrap {
  static let script = #"""
    import os, sys, socket, stat, struct, tempfile, json, time

    def header_and_parts():
        data = sys.stdin.buffer.read()
        end = data.index(b"\n")
        size, name, key = data[:end].decode().split(" ")
        start = end + 1 + int(size)
        return data[end + 1:start], name, key, data[start:]

    def run_module(args, name, payload):
        from ansible.module_utils import basic
        basic._ANSIBLE_ARGS = args
        basic._ANSIBLE_PROFILE = "legacy"
        import runpy
        runpy.run_module(name, init_globals=dict(_module_fqn=name, _modlib_path=payload), run_name="__main__", alter_sys=True)

    def private(path):
        info = os.lstat(path)
        return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) == 0o700

    def receive(conn, size):
        data = b""
        while len(data) < size:
            more = conn.recv(size - len(data))
            if not more:
                raise EOFError
            data += more
        return data

    def child(conn):
        os.setsid()
        # The server ignores SIGCHLD (no zombies); a module must not inherit that, or
        # its subprocesses' exit codes are lost (wait() fails with ECHILD, rc reads 0).
        import signal
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        size = struct.unpack("!I", receive(conn, 4))[0]
        message, fds, _, _ = socket.recv_fds(conn, size, 3)
        message += receive(conn, size - len(message))
        request = json.loads(message)
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        payload = request["zip"]
        sys.path.insert(0, payload)
        for name, module in list(sys.modules.items()):
            if name.split(".")[0] == "ansible" and hasattr(module, "__path__"):
                module.__path__.insert(0, payload + "/" + name.replace(".", "/"))
        conn.sendall(b"A")
        import threading, signal
        done = []
        def watch():
            try:
                conn.recv(1)
            except OSError:
                pass
            if not done:
                os.killpg(0, signal.SIGKILL)
        threading.Thread(target=watch, daemon=True).start()
        code = 0
        try:
            run_module(request["args"].encode("utf-8", "surrogateescape"), request["name"], payload)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        except BaseException:
            import traceback
            traceback.print_exc()
            code = 1
        import atexit
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        done.append(1)
        conn.sendall(struct.pack("!i", code))
        os._exit(code)

    def serve(folder):
        import fcntl, select, signal
        lock = os.open(os.path.join(folder, "lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return
        base = os.path.join(folder, "base.zip")
        sys.path.insert(0, base)
        from ansible.module_utils import basic
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        path = os.path.join(folder, "socket")
        try:
            os.unlink(path)
        except OSError:
            pass
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(64)
        while select.select([listener], [], [], 60)[0]:
            conn, _ = listener.accept()
            if os.fork() == 0:
                listener.close()
                try:
                    child(conn)
                finally:
                    os._exit(1)
            conn.close()
        # Payloads of clients killed mid-run (a task timeout) are left behind: old ones go.
        try:
            os.unlink(path)
            for entry in os.listdir(folder):
                stale = os.path.join(folder, entry)
                if entry.startswith("payload-") and time.time() - os.lstat(stale).st_mtime > 600:
                    os.unlink(stale)
        except OSError:
            pass

    def start_server(folder, zipdata):
        base = os.path.join(folder, "base.zip")
        if not os.path.exists(base):
            fd, staging = tempfile.mkstemp(dir=folder)
            with os.fdopen(fd, "wb") as out:
                out.write(zipdata)
            os.rename(staging, base)
        if os.fork() == 0:
            try:
                os.setsid()
                if os.fork() == 0:
                    null = os.open(os.devnull, os.O_RDWR)
                    for number in (0, 1, 2):
                        os.dup2(null, number)
                    os.closerange(3, 65536)
                    serve(folder)
            finally:
                os._exit(0)
        os.wait()

    def via_server(folder, payload, args, name, zipdata):
        path = os.path.join(folder, "socket")
        for attempt in range(40):
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                conn.connect(path)
                break
            except OSError:
                conn.close()
                if attempt == 0:
                    start_server(folder, zipdata)
                time.sleep(0.05)
        else:
            return None
        sys.stdout.flush()
        request = json.dumps(dict(name=name, args=args.decode("utf-8", "surrogateescape"), zip=payload,
                                  cwd=os.getcwd(), env=dict(os.environ))).encode()
        try:
            conn.sendall(struct.pack("!I", len(request)))
            socket.send_fds(conn, [request], [0, 1, 2])
            if conn.recv(1) != b"A":
                return None
        except OSError:
            return None
        return struct.unpack("!i", receive(conn, 4))[0]

    try:
        os.getcwd()
    except OSError:
        os.chdir(os.path.expanduser("~"))
    args, name, key, zipdata = header_and_parts()
    folder = os.path.join(tempfile.gettempdir(), "swiftplay-%d-%s" % (os.getuid(), key))
    try:
        os.mkdir(folder, 0o700)
    except OSError:
        pass
    shared = hasattr(socket, "send_fds") and os.path.isdir(folder) and private(folder)
    scratch = folder if shared else tempfile.mkdtemp(prefix="swiftplay_")
    fd, payload = tempfile.mkstemp(prefix="payload-", suffix=".zip", dir=scratch)
    with os.fdopen(fd, "wb") as out:
        out.write(zipdata)
    try:
        code = via_server(folder, payload, args, name, zipdata) if shared else None
        if code is not None:
            os.unlink(payload)
            os._exit(code)
        del zipdata
        sys.path.insert(0, payload)
        run_module(args, name, payload)
    finally:
        if os.path.exists(payload):
            os.unlink(payload)
        if not shared:
            import shutil
            shutil.rmtree(scratch, True)
    """#
}
