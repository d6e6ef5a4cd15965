"""Raw UDP on the loopback interface, for the attack tests (needs root).

  raw-udp.py sniff PORT COUNT SECONDS   prints "ready", then "<source port> <hex payload>" for
                                        each datagram to PORT, up to COUNT, for SECONDS at most
  raw-udp.py spoof SRCPORT DSTPORT HEX  sends HEX to 127.0.0.1:DSTPORT from 127.0.0.1:SRCPORT
"""
import binascii
import select
import socket
import struct
import sys
import time


def sniff(port, count, seconds):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(3))
    s.bind(("lo", 0))
    print("ready", flush=True)
    deadline = time.time() + seconds
    seen = 0
    while seen < count and time.time() < deadline:
        ready, _, _ = select.select([s], [], [], 0.1)
        if not ready:
            continue
        frame, addr = s.recvfrom(65535)
        if addr[2] == socket.PACKET_OUTGOING:  # loopback shows each datagram twice
            continue
        ip = frame[14:]
        if len(ip) < 28 or ip[9] != 17:
            continue
        ihl = (ip[0] & 15) * 4
        sport, dport = struct.unpack("!HH", ip[ihl:ihl + 4])
        if dport == port:
            print(sport, binascii.hexlify(ip[ihl + 8:]).decode(), flush=True)
            seen += 1


def spoof(sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    local = socket.inet_aton("127.0.0.1")
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, local, local)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.sendto(ip + udp, ("127.0.0.1", 0))
    print("sent", flush=True)


if sys.argv[1] == "sniff":
    sniff(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
else:
    spoof(int(sys.argv[2]), int(sys.argv[3]), binascii.unhexlify(sys.argv[4]))
