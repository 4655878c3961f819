"""Count layer: pieces (条) the way Interp. Art. 11 counts them — identifiability, validity, de-duplication.
Built by issue #4; its output feeds ``law`` as ``pieces``."""
