"""A delaying TCP proxy of the benchmark's own: far-away hosts on loopback.

Why: this kernel has no netem (tc qdisc ... delay), so the latency bench puts each host
behind a port of this proxy, which holds every chunk of bytes for a fixed delay in each
direction before passing it on, in order. Bandwidth is not limited: only latency, which is
what a task's round trips pay for.

It also counts turn-arounds: per connection, a turn is counted when bytes come from the
server after bytes came from the client (a request answered). Messages a client sends
without waiting (pipelined) arrive before any answer and count once, so the count is the
number of times a client waited for its host, which is what a link's latency multiplies.

Runs in a thread of the benchmark's process (its own asyncio loop), started and stopped
around the runs; `turns()` and `reset()` are safe to call from the benchmark's thread.
"""
import asyncio
import threading
import time

CHUNK = 65536


class DelayProxy:
  """Listens on 127.0.0.1:port for each (port, (host, port)) route; delay in seconds."""

  def __init__(self, routes, delay):
    self.routes = list(routes)
    self.delay = delay
    self._lock = threading.Lock()
    self._turns = 0
    self._connections = 0
    self._loop = None
    self._thread = None
    self._ready = threading.Event()
    self._error = None
    self._servers = []

  def start(self):
    self._thread = threading.Thread(target=self._run, name="delay-proxy", daemon=True)
    self._thread.start()
    self._ready.wait(10)
    if self._error:
      raise SystemExit(f"benchmark: the delaying proxy could not start: {self._error}")

  def stop(self):
    if self._loop and self._thread and self._thread.is_alive():
      self._loop.call_soon_threadsafe(self._loop.stop)
      self._thread.join(10)

  def reset(self):
    with self._lock:
      self._turns = 0
      self._connections = 0

  def counts(self):
    """(turn-arounds, connections) since the last reset."""
    with self._lock:
      return self._turns, self._connections

  def _run(self):
    self._loop = asyncio.new_event_loop()
    asyncio.set_event_loop(self._loop)
    try:
      for port, target in self.routes:
        server = self._loop.run_until_complete(asyncio.start_server(
          lambda r, w, t=target: self._serve(r, w, t), "127.0.0.1", port, backlog=1024))
        self._servers.append(server)
    except OSError as e:
      self._error = str(e)
      self._ready.set()
      return
    self._ready.set()
    self._loop.run_forever()
    for server in self._servers:
      server.close()
    # Connections still open (a client that never hung up) end here, quietly.
    pending = asyncio.all_tasks(self._loop)
    for task in pending:
      task.cancel()
    self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    self._loop.close()

  async def _serve(self, client_r, client_w, target):
    try:
      server_r, server_w = await asyncio.open_connection(*target)
    except OSError:
      client_w.close()
      return
    with self._lock:
      self._connections += 1
    last = ["none"]   # who sent the last bytes: "client" or "server"
    try:
      await asyncio.gather(self._pipe(client_r, server_w, "client", last),
                           self._pipe(server_r, client_w, "server", last))
    except asyncio.CancelledError:
      pass   # the proxy stops: a connection still open ends here, without a traceback
    for w in (client_w, server_w):
      w.close()

  async def _pipe(self, reader, writer, side, last):
    """Reads chunks as they come, writes each one `delay` after it arrived, in order."""
    queue = asyncio.Queue()
    sender = asyncio.ensure_future(self._send(queue, writer))
    try:
      while True:
        data = await reader.read(CHUNK)
        if not data:
          break
        if side == "server" and last[0] == "client":
          with self._lock:
            self._turns += 1
        last[0] = side
        queue.put_nowait((time.monotonic() + self.delay, data))
    except (ConnectionError, OSError):
      pass
    queue.put_nowait((time.monotonic() + self.delay, None))
    await sender

  @staticmethod
  async def _send(queue, writer):
    try:
      while True:
        due, data = await queue.get()
        wait = due - time.monotonic()
        if wait > 0:
          await asyncio.sleep(wait)
        if data is None:
          break
        writer.write(data)
        await writer.drain()
    except (ConnectionError, OSError):
      pass
    finally:
      try:
        if writer.can_write_eof():
          writer.write_eof()
        else:
          writer.close()
      except (ConnectionError, OSError, RuntimeError):
        writer.close()
