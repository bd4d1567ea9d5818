# The pty bench's big_deck(N) as a file. Usage: python3 gen.py N OUT.toml
import sys
n=int(sys.argv[1])
s=['format = 1\n\n[deck]\ntitle = "Ten thousand slides"\nlanguage = "en"\n\n']
for i in range(1,n+1):
    body=f"This is the body of slide {i}. It says a few things about the topic, enough to wrap over two lines at a projector width of one hundred and twenty columns."
    s.append(f'[[slides]]\nid = "s{i}"\nsection = "Part {i//100+1}"\ntitle = "Slide number {i}"\nbody = """\n{body}\n"""\nbullets = ["First point of {i}", {{ text = "Second point", bullets = ["a detail", "another"] }}]\nnotes = "Speaker notes for slide {i}."\n\n')
open(sys.argv[2],'w').write(''.join(s))
