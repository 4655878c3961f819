"""Detection tables: surnames, administrative divisions, category rules."""
