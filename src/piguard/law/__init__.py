"""The law layer: facts → assessment. Pure functions over cited data; imports nothing from scan/detect/count/report.

- ``data/*.yaml``   provisions (verbatim zh text, en gloss, effective date) and the parameters that cite them
- ``facts``         the ``piguard.facts/1`` model
- ``circumstance``  Interp. Arts. 5-6, one function per item
- ``sentence``      statutory range, factors, possible range, suspension, fine
- ``consequences``  elements, civil, administrative, related offences, flags
- ``assess``        the orchestration and the ``piguard.assessment/1`` result
"""
