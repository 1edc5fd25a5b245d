"""Files in any S3-compatible object store, through boto3.

``WSCN_STORAGE_URL=s3://bucket/prefix`` names the bucket and key prefix; ``WSCN_S3_ENDPOINT_URL`` the
endpoint (MinIO, Ceph, a cloud provider; unset: AWS). Keys and region come from the environment as
boto3 reads them (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``, or a role).
Objects are uploaded from the staged file on disk (multipart for large ones) and read back with ranged
GETs a chunk at a time, so no object is ever held in memory whole.
"""
from urllib.parse import quote, urlsplit

from .store_errors import ObjectMissing, Stat, StoreUnavailable

CHUNK = 1024 * 1024
_MISSING = {"404", "NoSuchKey", "NotFound"}


def parse_url(url):
    """``s3://bucket/prefix`` -> (bucket, "prefix/"); the prefix may be empty."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError(f"not an s3://bucket/prefix URL: {url!r}")
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


def _boto_errors():
    from botocore.exceptions import BotoCoreError, ClientError

    return BotoCoreError, ClientError


class S3Store:
    kind = "s3"

    def __init__(self, url, endpoint_url=None):
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix = parse_url(url)
        self.endpoint_url = endpoint_url or None
        config = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"})
        self.client = boto3.session.Session().client("s3", endpoint_url=self.endpoint_url, config=config)

    def __repr__(self):
        return f"s3://{self.bucket}/{self.prefix} at {self.endpoint_url or 'AWS'}"

    def _key(self, name):
        return self.prefix + name

    def _call(self, name, operation, **params):
        """One request; a missing object raises ObjectMissing, anything else StoreUnavailable."""
        boto_error, client_error = _boto_errors()
        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **params)
        except client_error as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if name is not None and code in _MISSING:
                raise ObjectMissing(name) from None
            raise StoreUnavailable(f"{self}: {operation} {code}: {exc}") from exc
        except boto_error as exc:
            raise StoreUnavailable(f"{self}: {operation}: {exc}") from exc

    def local_path(self, name):
        return None  # the bytes are not on this server

    def presigned_url(self, name, seconds, filename, content_type):
        """A link that fetches the object straight from the store for ``seconds``, offered as ``filename``."""
        disposition = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
        return self.client.generate_presigned_url("get_object", ExpiresIn=seconds, Params={
            "Bucket": self.bucket, "Key": self._key(name),
            "ResponseContentDisposition": disposition, "ResponseContentType": content_type})

    def _upload(self, name, path):
        boto_error, client_error = _boto_errors()
        try:
            self.client.upload_file(str(path), self.bucket, self._key(name))
        except (boto_error, client_error) as exc:
            raise StoreUnavailable(f"{self}: upload of {name}: {exc}") from exc

    def put(self, name, staged_path):
        """Upload a staged file under its final name, then remove the local copy."""
        self._upload(name, staged_path)
        staged_path.unlink(missing_ok=True)

    def copy_in(self, name, source_path):
        self._upload(name, source_path)

    def stat(self, name):
        found = self._call(name, "head_object", Key=self._key(name))
        return Stat(found["ContentLength"], found["LastModified"], found.get("ETag", "").strip('"') or None)

    def chunks(self, name, start=0, end=None):
        """The object's bytes from ``start`` up to ``end`` (exclusive): one ranged GET, read a chunk at a time."""
        if end is not None and end <= start:
            return
        wanted = f"bytes={start}-{'' if end is None else end - 1}"
        body = self._call(name, "get_object", Key=self._key(name), Range=wanted)["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def delete(self, name):
        self._call(None, "delete_object", Key=self._key(name))

    def listing(self):
        """(name, last modified) of every object under the prefix."""
        boto_error, client_error = _boto_errors()
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
            for page in pages:
                for item in page.get("Contents", []):
                    yield item["Key"][len(self.prefix):], item["LastModified"]
        except (boto_error, client_error) as exc:
            raise StoreUnavailable(f"{self}: listing: {exc}") from exc

    def check(self):
        try:
            self._call(None, "head_bucket")
        except StoreUnavailable as exc:
            return str(exc)
        return None
