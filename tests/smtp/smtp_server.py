"""A real SMTP server for the tests (aiosmtpd), storing what it receives.

Prints the port it listens on as its first line, then serves until its
standard input closes (or, with --until-killed, until SIGTERM). Every accepted message is written to
OUT_DIR as one .eml file, with a .json beside it holding what a mail
program would show (subject, recipient, Message-ID, language, the decoded
plain-text and HTML parts); the .eml is renamed into place last.

Behaviour the tests steer by the recipient's local part:
  refuseN-...@   answered 451 (try again later) the first N times
  reject-...@    answered 550 (no such mailbox), always
--delay SECONDS  waits that long before accepting each message (to kill a
                 worker in the middle of a batch).
"""

import argparse
import asyncio
import email
import email.policy
import json
import os
import re
import signal
import socket
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, out_dir, delay):
        self.out_dir = out_dir
        self.delay = delay
        self.refusals = {}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        m = re.match(r"refuse(\d+)-", local)
        if m:
            seen = self.refusals.get(address, 0) + 1
            self.refusals[address] = seen
            if seen <= int(m.group(1)):
                return "451 4.3.0 Mailbox busy, try again later"
        if local.startswith("reject-"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.count += 1
        name = f"{time.time_ns()}-{self.count}"
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        text = msg.get_body(("plain",))
        html = msg.get_body(("html",))
        shown = {
            "rcpt_to": envelope.rcpt_tos,
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "subject": str(msg["subject"]),
            "message_id": str(msg["message-id"]),
            "text": text.get_content() if text else None,
            "html": html.get_content() if html else None,
        }
        # Each file appears whole or not at all (write, then rename), and the
        # .eml, which the tests list, last: they poll this folder and read
        # the .json beside each .eml they find, so it must already be there.
        tmp = os.path.join(self.out_dir, "." + name + ".json.part")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(shown, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(self.out_dir, name + ".json"))
        tmp = os.path.join(self.out_dir, "." + name + ".eml")
        with open(tmp, "wb") as f:
            f.write(raw)
        os.rename(tmp, os.path.join(self.out_dir, name + ".eml"))
        return "250 Message accepted"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--until-killed", action="store_true",
                        help="serve until SIGTERM instead of until stdin closes")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    port = free_port()
    controller = Controller(Store(args.out_dir, args.delay), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    # Serve until the test closes our standard input (or kills us).
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())

    def wait_for_eof():
        sys.stdin.read()
        done.set()

    if not args.until_killed:
        threading.Thread(target=wait_for_eof, daemon=True).start()
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
