"""Decodes each hex line of stdin with cbor2 (an independent CBOR implementation) and prints,
tab-separated: the item's structure in a small neutral notation; cbor2's re-encoding of it (map
entries in the order read; cbor2 writes every head in its shortest form); and whether every map's
keys are in the bytewise order of their cbor2 encodings (RFC 8949 section 4.2.1 -- cbor2's own
canonical=True mode sorts the older RFC 7049 way, length first, so the order is checked here)."""
import sys
import cbor2


def shape(x):
    if isinstance(x, cbor2.CBORTag):
        return "tag(%d,%s)" % (x.tag, shape(x.value))
    if isinstance(x, bool):
        return "true" if x else "false"
    if x is None:
        return "null"
    if isinstance(x, int):
        return "i:%d" % x
    if isinstance(x, (bytes, bytearray)):
        return "b:" + bytes(x).hex()
    if isinstance(x, str):
        return "t:" + x.encode("utf-8").hex()
    if isinstance(x, list):
        return "[" + ",".join(shape(e) for e in x) + "]"
    if isinstance(x, dict):
        return "{" + ",".join(shape(k) + "=" + shape(v) for k, v in x.items()) + "}"
    raise SystemExit("unexpected type %r" % type(x))


def keys_sorted(x):
    if isinstance(x, cbor2.CBORTag):
        return keys_sorted(x.value)
    if isinstance(x, list):
        return all(keys_sorted(e) for e in x)
    if isinstance(x, dict):
        encoded = [cbor2.dumps(k) for k in x.keys()]
        return encoded == sorted(encoded) and all(keys_sorted(k) and keys_sorted(v) for k, v in x.items())
    return True


for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    item = cbor2.loads(bytes.fromhex(line))
    print(shape(item) + "\t" + cbor2.dumps(item).hex() + "\t" + ("sorted" if keys_sorted(item) else "unsorted"))
