"""Count layer: pieces (条) the way Interp. Art. 11 counts them — identifying records, untrue and
duplicate information excluded, by category. Imports scan and detect only."""
