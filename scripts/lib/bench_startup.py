#!/usr/bin/env python3
"""Start-to-ready time of a server: exec, then poll URL until it answers 200; prints milliseconds.

    bench_startup.py URL LOG_FILE -- COMMAND [ARGS ...]

The process is stopped (SIGTERM, then SIGKILL after 10 s) before this script exits. Polls every 2 ms over a
fresh connection, so the figure includes everything up to the first 200: model load, configuration, Kestrel.
"""
import http.client
import subprocess
import sys
import time
import urllib.parse


def main():
    url, log_path = sys.argv[1], sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1:]
    target = urllib.parse.urlsplit(url)
    with open(log_path, "ab") as log:
        start = time.monotonic()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        try:
            while True:
                if process.poll() is not None:
                    sys.exit(f"the server exited with {process.returncode} before it was ready (see {log_path})")
                if time.monotonic() - start > 60:
                    sys.exit(f"not ready after 60 s (see {log_path})")
                try:
                    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=1)
                    connection.request("GET", target.path)
                    status = connection.getresponse().status
                    connection.close()
                    if status == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.002)
            print(round((time.monotonic() - start) * 1000))
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


if __name__ == "__main__":
    main()
