# onatty.py OUT ERR CMD...: run CMD with stderr on a pseudo-terminal (stdout
# to OUT), save what the terminal got in ERR, exit with CMD's status.
import os, pty, subprocess, sys
m, s = pty.openpty()
with open(sys.argv[1], 'wb') as out:
    p = subprocess.Popen(sys.argv[3:], stdout=out, stderr=s)
os.close(s)
got = b''
while True:
    try:
        d = os.read(m, 65536)
    except OSError:
        break
    if not d:
        break
    got += d
open(sys.argv[2], 'wb').write(got)
sys.exit(p.wait())
