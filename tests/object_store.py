"""A real S3 endpoint for the tests: moto's server over HTTP on 127.0.0.1, a fresh bucket per app."""
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from helpers import free_port

for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                    "AWS_DEFAULT_REGION": "eu-west-2"}.items():
    os.environ.setdefault(name, value)


class MotoServer:
    """moto's standalone S3 server in a thread of this process, on a free port."""

    def __init__(self):
        from moto.server import ThreadedMotoServer

        self.port = free_port()
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        self.url = f"http://127.0.0.1:{self.port}"

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.url)

    def new_bucket(self):
        bucket = f"wscn-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        return bucket

    def config(self):
        """App settings for a store in a fresh bucket of this server."""
        return {"STORAGE_URL": f"s3://{self.new_bucket()}/uploads", "S3_ENDPOINT_URL": self.url}

    def stop(self):
        self.server.stop()


class MotoProcess(MotoServer):
    """moto's S3 server in a process of its own, for tests that time their own threads: moto's work (it
    copies an object whole for each GET) never holds this process's interpreter."""

    def __init__(self):
        import requests

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(self.url, timeout=2)
                return
            except requests.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("moto's server did not start") from None
                time.sleep(0.1)

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


@dataclass(frozen=True, order=True)
class StoredObject:
    """An object in the bucket, listed like a file: ``name``, ``parent.name``, ``read_bytes()``."""

    key: str
    url: str = field(compare=False)
    bucket: str = field(compare=False)

    @property
    def name(self):
        return self.key.rsplit("/", 1)[-1]

    @property
    def parent(self):
        return Path(self.key).parent

    def read_bytes(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.url).get_object(Bucket=self.bucket, Key=self.key)["Body"].read()


def objects_in(config):
    """Every object under the app's bucket and prefix."""
    import boto3

    bucket, _, prefix = config["STORAGE_URL"][len("s3://"):].partition("/")
    client = boto3.client("s3", endpoint_url=config["S3_ENDPOINT_URL"])
    listed = client.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    return [StoredObject(item["Key"], config["S3_ENDPOINT_URL"], bucket) for item in listed]
