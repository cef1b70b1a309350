#!/usr/bin/env python3
# Writes the hostile .eval archives of this case into hostile/ (run once;
# the files are committed, so the suite needs no Python). Each is a small
# ZIP that an Inspect log is not, or that a safe reader must refuse.
import io, struct, zipfile, zlib

HEADER = b'{"version": 2, "status": "success", "eval": {"model": "m"}}'
SAMPLE = b'{"id": 1, "epoch": 1, "scores": {"match": {"value": "C"}}}'

def archive(members, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", method) as z:
        for name, data in members:
            z.writestr(name, data)
    return bytearray(b.getvalue())

def write(name, data):
    with open("hostile/" + name, "wb") as f:
        f.write(bytes(data))

write("not-a-zip.eval", b'{"version": 2, "status": "success"}\n')
good = archive([("header.json", HEADER), ("samples/1_epoch_1.json", SAMPLE)])
write("truncated.eval", good[: len(good) // 2])
# encrypted: the general purpose flag's bit 0, in the local and central headers
enc = bytearray(good)
for sig in (b"PK\x03\x04", b"PK\x01\x02"):
    at = enc.find(sig)
    while at >= 0:
        off = 6 if sig == b"PK\x03\x04" else 8
        flags = struct.unpack_from("<H", enc, at + off)[0]
        struct.pack_into("<H", enc, at + off, flags | 1)
        at = enc.find(sig, at + 4)
write("encrypted.eval", enc)
write("bzip2.eval", archive([("header.json", HEADER)], zipfile.ZIP_BZIP2))
# a stored member whose bytes no longer match its CRC
crc = archive([("header.json", HEADER), ("samples/1_epoch_1.json", SAMPLE)], zipfile.ZIP_STORED)
at = crc.find(b'"value": "C"')
crc[at + 10] = ord("I")
write("crc.eval", crc)
# 20 MB of spaces inside a JSON string: a few KB compressed
write("bomb.eval", archive([("header.json", b'{"pad": "' + b" " * (20 << 20) + b'"}')]))
write("no-header.eval", archive([("samples/1_epoch_1.json", SAMPLE)]))
write("bad-json.eval", archive([("header.json", HEADER),
                                ("samples/1_epoch_1.json", b'{"id": 1,\n "epoch": 1,\n "x": }')]))
# two header.json entries: the last of the central directory counts
with zipfile.ZipFile(io.BytesIO(), "w") as _:
    pass
b = io.BytesIO()
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("header.json", b'{"version": 2, "status": "started", "eval": {"model": "first"}}')
        z.writestr("samples/1_epoch_1.json", SAMPLE)
        z.writestr("header.json", b'{"version": 2, "status": "success", "eval": {"model": "last"}}')
write("two-headers.eval", b.getvalue())
# samples in an order of their own, two epochs, and a rewritten sample
b = io.BytesIO()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("header.json", HEADER)
        for sid, ep in [(10, 1), (2, 2), (2, 1), ("b", 1), (1, 1), ("a", 1)]:
            z.writestr("samples/%s_epoch_%d.json" % (sid, ep),
                       ('{"id": "%s", "epoch": %d}' % (sid, ep)).encode())
        z.writestr("samples/1_epoch_1.json", b'{"id": "1", "epoch": 1, "rewritten": true}')
write("order.eval", b.getvalue())
# two central directory entries for one local member (overlapping)
ov = archive([("header.json", HEADER)], zipfile.ZIP_STORED)
cd = ov.find(b"PK\x01\x02")
eocd = ov.find(b"PK\x05\x06")
entry = bytes(ov[cd:eocd]).replace(b"header.json", b"samples/1_epoch_1.json"[:11])
cd2 = bytes(ov[cd:eocd]) + entry
tail = bytearray(ov[eocd:])
struct.pack_into("<HH", tail, 8, 2, 2)
struct.pack_into("<I", tail, 12, len(cd2))
write("overlapping.eval", bytes(ov[:cd]) + cd2 + bytes(tail))

# log_formats.json: tests/data/real-evidence/inspect/log_formats.eval as
# the .json log it stands for (header.json's members, then "samples": the
# samples/*.json members), which the case reads with the same declaration
z = zipfile.ZipFile("../../data/real-evidence/inspect/log_formats.eval")
import json
h = json.loads(z.read("header.json"))
h["samples"] = [json.loads(z.read("samples/1_epoch_1.json"))]
open("log_formats.json", "w").write(json.dumps(h, indent=2) + "\n")

# more members than a reader takes (200 000): 200 001 central directory
# entries for one local member, with the ZIP64 end records a count over
# 65 535 needs; 11 MB, committed gzipped (the case unpacks it)
import gzip
one = archive([("header.json", HEADER)], zipfile.ZIP_STORED)
cd = one.find(b"PK\x01\x02")
eocd = one.find(b"PK\x05\x06")
n = 200001
cdir = bytes(one[cd:eocd]) * n
z64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, len(cdir), cd)
loc = struct.pack("<IIQI", 0x07064B50, 0, cd + len(cdir), 1)
end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
with open("hostile/too-many.eval.gz", "wb") as f:
    f.write(gzip.compress(bytes(one[:cd]) + cdir + z64 + loc + end, 9, mtime=0))
