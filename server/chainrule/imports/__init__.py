"""Your own code as a trace: a Python function, a micrograd graph, or a PyTorch model.

Every route ends in the same trace result as `chainrule.trace(program, values)`:
- tracing.py: `chainrule.trace(fn, x=...)` runs fn on traced values (ops from functions.py);
- micrograd.py: `chainrule.from_micrograd(out)` reads a micrograd Value graph;
  both record a Tape and program.py turns it into a chainrule program, so the gradients come
  from chainrule's own engine;
- torch_import.py: `chainrule.from_torch(fn, *args)` records torch's own forward values and
  backward contributions (torch_record.py, with torch_calls.py saying which calls are registry
  ops) into the REST trace document (torch_document.py).
result.py is the one place a document becomes a result. torch and micrograd are imported only
by the modules that need them, and only when called.
"""
