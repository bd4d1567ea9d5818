# The pty bench's markdown_twin(300), for presenterm, written to twin.md.
n=300; s=[]
for i in range(1,n+1):
    t=f"Slide number {i}"
    if i>1: s.append("<!-- end_slide -->\n\n")
    body=f"This is the body of slide {i}. It says a few things about the topic, enough to wrap over two lines at a projector width of one hundred and twenty columns."
    s.append(f"{t}\n{'='*len(t)}\n\n{body}\n\n* First point of {i}\n* Second point\n    * a detail\n    * another\n\n<!-- speaker_note: Speaker notes for slide {i}. -->\n\n")
open('twin.md','w').write(''.join(s))
