"""deploy/render.py fills in deploy/nginx/wscn.conf: the object-storage sections only with an endpoint,
TLS to the store only for an https one, and nothing with a placeholder left or a value unused."""
import subprocess

import pytest

from nginx_stack import MAIN_CONF, ROOT, nginx_binary, render, self_signed_certificate

TEMPLATE = (ROOT / "deploy" / "nginx" / "wscn.conf").read_text()
VALUES = {"SITE_URL": "https://safercommunities.example", "SERVER_NAME": "safercommunities.example",
          "HTTPS_LISTEN": "127.0.0.1:8443", "HTTP_LISTEN": "127.0.0.1:8080", "TLS_CERTIFICATE": "/tls.crt",
          "TLS_CERTIFICATE_KEY": "/tls.key", "APP_ADDRESS": "127.0.0.1:8000", "STATIC_DIR": "/srv/static",
          "PRIVATE_DIR": "/srv/files", "CACHE_DIR": "/var/cache/wscn"}


def test_the_private_folder_leaves_the_object_store_out():
    site = render(TEMPLATE, VALUES | {"S3_ENDPOINT_URL": ""})
    assert "location /_private/" in site and "_s3" not in site and "wscn_s3" not in site
    assert "@if" not in site and "@end" not in site


@pytest.mark.parametrize("url, server, host, tls", [
    ("https://s3.eu-west-2.amazonaws.com", "s3.eu-west-2.amazonaws.com:443", "s3.eu-west-2.amazonaws.com", True),
    ("http://127.0.0.1:9000", "127.0.0.1:9000", "127.0.0.1:9000", False)])
def test_an_object_store_is_reached_only_at_the_endpoint_given(url, server, host, tls):
    site = render(TEMPLATE, VALUES | {"S3_ENDPOINT_URL": url})
    assert f"    server {server};" in site and f"proxy_set_header Host {host};" in site
    assert f"proxy_pass {url.split(':')[0]}://wscn_s3/$wscn_s3_object$is_args$args;" in site
    assert ("proxy_ssl_verify on;" in site) is tls
    assert "@" not in site.replace("@wscn_s3_", "")


@pytest.mark.parametrize("values, refused", [
    (VALUES, "S3_ENDPOINT_URL"),  # neither an endpoint nor an explicit empty one
    (VALUES | {"S3_ENDPOINT_URL": "https://s3.example.net/bucket"}, "S3_ENDPOINT_URL"),
    (VALUES | {"S3_ENDPOINT_URL": "", "S3_HOST": "x"}, "S3_HOST"),
    ({**VALUES, "S3_ENDPOINT_URL": "", "PRIVATE_DIR": "/srv/files; root /"}, "semicolon")])
def test_nothing_is_written_with_a_value_missing_unused_or_unsafe(values, refused):
    with pytest.raises(ValueError, match=refused):
        render(TEMPLATE, values)


@pytest.mark.parametrize("url", ["", "http://127.0.0.1:9000", "https://127.0.0.1:9443"])
def test_nginx_accepts_every_rendering(tmp_path, url):
    nginx = nginx_binary()
    self_signed_certificate(tmp_path)
    site = render(TEMPLATE, VALUES | {"S3_ENDPOINT_URL": url, "TLS_CERTIFICATE": tmp_path / "tls.crt",
                                      "TLS_CERTIFICATE_KEY": tmp_path / "tls.key", "CACHE_DIR": tmp_path / "cache",
                                      "STATIC_DIR": tmp_path, "PRIVATE_DIR": tmp_path})
    (tmp_path / "wscn.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp_path, user=""))
    checked = subprocess.run([nginx, "-t", "-q", "-e", str(tmp_path / "error.log"), "-p", str(tmp_path),
                              "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
