#!/usr/bin/env python3
"""Serve the playground's static page on 127.0.0.1 for a browser on this machine.

    scripts/serve.py [--dir www] [--port 8080] [--print-port-file PATH] [--quiet]

Takes --port or, when that one is busy, the next free port (20 tries: 8080..8100 by default);
--port 0 lets the system pick any free port. --print-port-file writes the chosen port, alone,
to PATH once the server is listening, so a test can start it in the background and read it.
Every response carries Cache-Control: no-cache and an ETag (from the file's size and
modification time): the browser keeps what it loaded (the 1.6 MB of digits) and asks again each
time, getting "304 Not Modified" and no body when nothing changed, or the new file after a
rebuild. Nothing is ever served stale.
"""
import argparse
import errno
import functools
import http.server
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRIES = 21  # the asked port and the next 20

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".bin": "application/octet-stream",
    ".gz": "application/gzip",
    ".html": "text/html",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ts": "text/plain",
    ".map": "application/json",
    ".md": "text/plain",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    quiet = False

    etag = None

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        if self.etag:
            self.send_header("ETag", self.etag)
        super().end_headers()

    def send_head(self):
        """As the standard handler, plus ETag / If-None-Match: 304 for a file the browser has."""
        path = self.translate_path(self.path)
        self.etag = None
        if os.path.isfile(path):
            stat = os.stat(path)
            self.etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
            wanted = [tag.strip() for tag in self.headers.get("If-None-Match", "").split(",")]
            if self.etag in wanted or "*" in wanted:
                self.send_response(304)
                self.end_headers()
                return None
        return super().send_head()

    def guess_type(self, path):
        """The type by the last extension only: mnist.bin.gz is application/gzip, never sent with
        Content-Encoding (the page unpacks it itself)."""
        return MIME_TYPES.get(Path(str(path)).suffix.lower()) or super().guess_type(path)

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


def bind(handler, first_port):
    """A listening server on 127.0.0.1: first_port or the next free one."""
    ports = [0] if first_port == 0 else range(first_port, first_port + TRIES)
    for port in ports:
        try:
            return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as e:
            if e.errno != errno.EADDRINUSE:
                raise
    sys.exit(f"serve.py: ports {first_port}..{first_port + TRIES - 1} are all in use "
             f"(try --port 0 for any free port)")


def write_port_file(path, port):
    """Write atomically, so a reader polling for the file never sees it half written."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(f"{port}\n")
    tmp.replace(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=str(ROOT / "www"), help="directory to serve (www/)")
    parser.add_argument("--port", type=int, default=8080, help="first port to try (0: any)")
    parser.add_argument("--print-port-file", metavar="PATH", help="write the chosen port here")
    parser.add_argument("--quiet", action="store_true", help="no line per request")
    args = parser.parse_args()

    directory = Path(args.dir).resolve()
    if not directory.is_dir():
        sys.exit(f"serve.py: {args.dir} is not a directory")
    handler = functools.partial(type("H", (Handler,), {"quiet": args.quiet}),
                                directory=str(directory))
    server = bind(handler, args.port)
    port = server.server_address[1]
    if args.print_port_file:
        write_port_file(args.print_port_file, port)
    try:
        shown = directory.relative_to(Path.cwd())
    except ValueError:
        shown = directory
    print(f"cnn-playground: serving {shown}/ at http://127.0.0.1:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
