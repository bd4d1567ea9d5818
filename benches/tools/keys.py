# Drive a program in a 120x35 pty: wait START seconds (default 8), send N Right/Left keys 0.3 s apart, then q.
# Answers DA1/DSR queries as the pty bench's harness does. Usage: python3 keys.py N PROGRAM ARGS...
import os, pty, sys, time, select, struct, fcntl, termios
n=int(sys.argv[1]); args=sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.environ['CONVENE_THEME_QUERY']='0'
    os.execvp(args[0], args)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 35, 120, 0, 0))
def drain(t):
    end=time.time()+t
    while time.time()<end:
        r,_,_=select.select([fd],[],[],0.02)
        if r:
            try: b=os.read(fd, 65536)
            except OSError: return
            rep=b''
            if b'\x1b[c' in b: rep+=b'\x1b[?62;22c'
            if b'\x1b[6n' in b: rep+=b'\x1b[1;1R'
            if b'\x1b[5n' in b: rep+=b'\x1b[0n'
            if rep: os.write(fd, rep)
drain(float(os.environ.get("START","8")))
for i in range(n):
    os.write(fd, b'\x1b[C' if i%2==0 else b'\x1b[D')
    drain(0.3)
os.write(fd, b'q'); drain(3)
os.kill(pid, 15)
os.waitpid(pid,0)
