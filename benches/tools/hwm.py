# Peak memory (VmHWM) of PROGRAM in a 120x35 pty after WAIT seconds (default 3). Usage: python3 hwm.py PROGRAM ARGS...
import os, pty, sys, time, select, struct, fcntl, termios
args=sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.environ['CONVENE_THEME_QUERY']='0'
    os.execvp(args[0], args)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 35, 120, 0, 0))
t0=time.time(); out=b''
while time.time()-t0 < float(os.environ.get("WAIT","3")):
    r,_,_=select.select([fd],[],[],0.1)
    if r:
        try: out+=os.read(fd, 65536)
        except OSError: break
hwm=[l for l in open(f'/proc/{pid}/status') if l.startswith('VmHWM')][0].split()[1]
os.write(fd, b'q')
time.sleep(0.3)
try: os.kill(pid, 9)
except: pass
print('VmHWM kB', hwm, 'bytes out', len(out))
