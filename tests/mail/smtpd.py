"""A local SMTP server for tests/e2e/mail.sh (Debian python3-aiosmtpd).

usage: smtpd.py DIR PORTFILE [REFUSE...]

Listens on 127.0.0.1 on a port the system picks, writes that port to
PORTFILE once it accepts connections, and stores each message it accepts
as DIR/NNN.eml (the bytes received) with DIR/NNN.rcpt (its envelope
recipients, one a line).  RCPT TO an address of REFUSE gets
"550 5.1.1 recipient refused".  Runs until killed (SIGTERM).
"""
import asyncio
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, folder, refuse):
        self.folder = folder
        self.refuse = {a.lower() for a in refuse}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.lower() in self.refuse:
            return "550 5.1.1 <%s>: recipient refused" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, "%03d" % self.count)
        for ext, data in ((".rcpt", "\n".join(envelope.rcpt_tos).encode() + b"\n"),
                          (".eml", envelope.original_content or envelope.content)):
            with open(base + ext + ".tmp", "wb") as f:
                f.write(data)
            os.rename(base + ext + ".tmp", base + ext)
        return "250 2.0.0 accepted"


async def main():
    folder, portfile, refuse = sys.argv[1], sys.argv[2], sys.argv[3:]
    handler = Handler(folder, refuse)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, decode_data=False, hostname="test.invalid"),
        "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(portfile + ".tmp", portfile)
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    loop.add_signal_handler(signal.SIGINT, stop.set_result, None)
    await stop
    server.close()
    await server.wait_closed()


asyncio.run(main())
