#!/usr/bin/env python3
"""The official Python client (Debian's python3-kubernetes) against a real Sandbox process.

Usage, from the repository root:  /usr/bin/python3 tests/python/run.py  (the system Python, where Debian puts the client)

Starts the Sandbox (building it first if needed) on a free loopback port, runs the unittest suite in
this folder against the kubeconfig it writes, stops it, and prints the summary line in the shape
`dotnet test` prints ("Passed!  - Failed: F, Passed: P, Skipped: S, Total: T"), which .ci/run sums.
"""
import os
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DLL = os.path.join(ROOT, "Sandbox", "bin", "Release", "net10.0", "Sandbox.dll")


def summary(failed, passed, skipped, note):
    word = "Passed!" if failed == 0 else "Failed!"
    print(f"{word}  - Failed: {failed}, Passed: {passed}, Skipped: {skipped}, Total: {failed + passed + skipped} - python-kubernetes ({note})")


def main():
    try:
        import kubernetes  # noqa: F401
    except ImportError:
        print("python-kubernetes: the official client is not installed (apt-get install python3-kubernetes; .ci/run does it)")
        summary(1, 0, 0, "client missing")
        return 1

    if not os.path.exists(DLL):
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "Sandbox", "Sandbox.csproj"), "-c", "Release", "-v", "q", "-nologo"], check=True)

    work = tempfile.mkdtemp(prefix="sandbox-python-")
    kubeconfig = os.path.join(work, "kubeconfig")
    log = open(os.path.join(work, "sandbox.log"), "w+")
    sandbox = subprocess.Popen(
        ["dotnet", DLL, "--listen", "127.0.0.1:0", "--kubeconfig-out", kubeconfig,
         "--servers", "1", "--agents", "2", "--upgrade-seconds", "0.3", "--restart-seconds", "0.1", "--container-seconds", "0.02"],
        stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not (os.path.exists(kubeconfig) and "token:" in open(kubeconfig).read()):
            if sandbox.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                print("python-kubernetes: the sandbox did not start:\n" + log.read())
                summary(1, 0, 0, "no sandbox")
                return 1
            time.sleep(0.1)

        os.environ["SANDBOX_KUBECONFIG"] = kubeconfig
        os.environ["SANDBOX_ROOT"] = ROOT
        suite = unittest.defaultTestLoader.discover(os.path.dirname(os.path.abspath(__file__)), pattern="test_*.py")
        result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
        failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
        skipped = len(result.skipped)
        summary(failed, result.testsRun - failed - skipped, skipped, "official client against the Sandbox")
        return 0 if failed == 0 else 1
    finally:
        sandbox.terminate()
        try:
            sandbox.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sandbox.kill()
        log.close()


if __name__ == "__main__":
    sys.exit(main())
