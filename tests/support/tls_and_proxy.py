"""Test servers for the @connections transport (tests/transport.rs), on 127.0.0.1 only:

- a TLS front for the gateway emulator, with a certificate for `localhost` signed by a CA of its own
  (the test points wsctl at it with SSL_CERT_FILE);
- an HTTP proxy (what HTTPS_PROXY and HTTP_PROXY name on bastions and CI runners): CONNECT tunnels,
  and absolute-form requests for http:// URLs forwarded to 127.0.0.1 whatever the host (the host is
  resolved by the proxy, as on a real egress proxy). With --proxy-auth USER:PASSWORD it answers 407
  to any request without those Basic credentials. It counts what it opened, by target.

Usage: tls_and_proxy.py --upstream-port PORT --dir DIR [--proxy-auth USER:PASSWORD]
Writes DIR/ready.json {"tls_port", "proxy_port", "ca_file"} once both listen; DIR/connects.json is
rewritten after each tunnel or forwarded connection: {"host:port": count} for CONNECT,
{"http://host:port": count} for forwarding, {"407": count} for refusals.
"""

import argparse
import base64
import datetime
import json
import os
import socket
import ssl
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make_ca_and_cert(directory):
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "wsctl test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file = os.path.join(directory, "ca.pem")
    cert_file = os.path.join(directory, "server.pem")
    key_file = os.path.join(directory, "server.key")
    with open(ca_file, "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(cert_file, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_file, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return ca_file, cert_file, key_file


def relay(a, b):
    def pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    threading.Thread(target=pump, args=(a, b), daemon=True).start()
    threading.Thread(target=pump, args=(b, a), daemon=True).start()


def serve_tls(listener, context, upstream_port):
    while True:
        conn, _ = listener.accept()

        def handle(conn=conn):
            try:
                tls = context.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                conn.close()
                return
            up = socket.create_connection(("127.0.0.1", upstream_port))
            relay(tls, up)

        threading.Thread(target=handle, daemon=True).start()


def serve_proxy(listener, connects_file, auth):
    counts = {}
    lock = threading.Lock()
    expected = "Basic " + base64.b64encode(auth.encode()).decode() if auth else None

    def count(key):
        with lock:
            counts[key] = counts.get(key, 0) + 1
            tmp = connects_file + ".tmp"
            with open(tmp, "w") as f:
                json.dump(counts, f)
            os.replace(tmp, connects_file)

    while True:
        conn, _ = listener.accept()

        def handle(conn=conn):
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    conn.close()
                    return
                head += chunk
            lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            parts = lines[0].split()
            headers = {
                k.strip().lower(): v.strip()
                for k, _, v in (line.partition(":") for line in lines[1:])
            }
            if expected and headers.get("proxy-authorization") != expected:
                count("407")
                conn.sendall(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                    b"Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n"
                )
                conn.close()
                return
            if len(parts) >= 2 and parts[0] == "CONNECT":
                target = parts[1]
                host, _, port = target.rpartition(":")
                if host not in ("localhost", "127.0.0.1"):
                    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                    conn.close()
                    return
                count(target)
                up = socket.create_connection(("127.0.0.1", int(port)))
                conn.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                relay(conn, up)
                return
            if len(parts) >= 2 and parts[1].startswith("http://"):
                # Forwarded as it came (servers accept absolute-form), on one upstream connection
                # for the whole client connection.
                authority = parts[1][len("http://"):].split("/", 1)[0]
                host, _, port = authority.rpartition(":")
                count("http://" + authority)
                up = socket.create_connection(("127.0.0.1", int(port or 80)))
                up.sendall(head)
                relay(conn, up)
                return
            conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            conn.close()

        threading.Thread(target=handle, daemon=True).start()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream-port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--proxy-auth", help="USER:PASSWORD the proxy requires")
    a = p.parse_args()
    ca_file, cert_file, key_file = make_ca_and_cert(a.dir)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    tls_listener = socket.create_server(("127.0.0.1", 0))
    proxy_listener = socket.create_server(("127.0.0.1", 0))
    connects_file = os.path.join(a.dir, "connects.json")
    with open(connects_file, "w") as f:
        json.dump({}, f)
    threading.Thread(target=serve_tls, args=(tls_listener, context, a.upstream_port), daemon=True).start()
    threading.Thread(target=serve_proxy, args=(proxy_listener, connects_file, a.proxy_auth), daemon=True).start()
    ready = {
        "tls_port": tls_listener.getsockname()[1],
        "proxy_port": proxy_listener.getsockname()[1],
        "ca_file": ca_file,
    }
    tmp = os.path.join(a.dir, "ready.json.tmp")
    with open(tmp, "w") as f:
        json.dump(ready, f)
    os.replace(tmp, os.path.join(a.dir, "ready.json"))
    threading.Event().wait()


if __name__ == "__main__":
    main()
